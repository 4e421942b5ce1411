package io.jirasync.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a configured bearer token into an identity with its role and its {@link TokenGrant}; an unknown token fails
 * authentication.
 */
@ApplicationScoped
public class BearerTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final TokenRegistry tokens;

    BearerTokenIdentityProvider(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return tokens.grantOf(request.getToken().getToken())
                .<Uni<SecurityIdentity>> map(grant -> Uni.createFrom().item(identity(grant)))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token")));
    }

    /**
     * The identity a token of this grant has, without the token itself: the console's signed-in session acts with
     * it (io.jirasync.console.ConsoleGuard), so the role checks of the services it calls hold for it too.
     */
    public static SecurityIdentity identity(TokenGrant grant) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(grant.role() + "-token"))
                .addRole(grant.role())
                .addAttribute(TokenGrant.ATTRIBUTE, grant)
                .build();
    }
}
