package io.jirasync.security;

import java.util.List;
import java.util.Optional;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/** What a caller's bearer token may do: its role, and the tracker projects it is limited to (none: all of them). */
public record TokenGrant(String role, List<String> projects) {

    /** The identity attribute that carries the grant. */
    static final String ATTRIBUTE = "io.jirasync.security.grant";

    public TokenGrant {
        projects = List.copyOf(projects);
    }

    /** The grant of an identity that a bearer token authenticated; empty for an anonymous caller. */
    public static Optional<TokenGrant> of(SecurityIdentity identity) {
        return Optional.ofNullable(identity.getAttribute(ATTRIBUTE));
    }

    /**
     * The grant of the request's caller once authentication has run (it has, wherever a role was checked); empty
     * before that and for an anonymous caller. Reading it never starts an authentication.
     */
    public static Optional<TokenGrant> of(RoutingContext request) {
        return request.user() instanceof QuarkusHttpUser user ? of(user.getSecurityIdentity()) : Optional.empty();
    }

    /** Whether the token is limited to some projects. */
    public boolean scoped() {
        return !projects.isEmpty();
    }

    /** Whether the token may act on this tracker project. */
    public boolean covers(String project) {
        return !scoped() || projects.contains(project);
    }
}
