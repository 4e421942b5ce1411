package io.jirasync.jira.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.jirasync.jira.JiraConfig;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.JiraSiteIds;
import io.jirasync.security.SecretCipher;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The OAuth 2.0 access token of a site account ({@code oauth-client-credentials}, {@code oauth-3lo}). Tokens are kept
 * encrypted in {@code jira_oauth_token} for every replica, and in memory on top. A token is renewed before it expires
 * under the row's lock: the replica that waited for the lock finds the token the other one stored and uses it, so
 * one renewal runs per expiry across all replicas and a rotating 3LO refresh token is never used twice.
 */
@ApplicationScoped
public class AccessTokens {

    private final TokenEndpoint endpoint;
    private final OAuthTokenRepository repository;
    private final JiraSiteIds siteIds;
    private final SecretCipher cipher;
    private final Cache<String, Held> held;

    /** An access token and when to renew it. */
    private record Held(String token, Instant renewAt) {
        boolean fresh() {
            return renewAt != null && Instant.now().isBefore(renewAt);
        }

        @Override
        public String toString() {
            return "Held[token=***, renewAt=" + renewAt + "]";
        }
    }

    AccessTokens(TokenEndpoint endpoint, OAuthTokenRepository repository, JiraSiteIds siteIds, SecretCipher cipher,
            JiraConfig config) {
        this.endpoint = endpoint;
        this.repository = repository;
        this.siteIds = siteIds;
        this.cipher = cipher;
        this.held = Caffeine.newBuilder().maximumSize(config.siteCacheSize()).build();
    }

    /** A valid access token for the site account; renewed (once across replicas) when due. */
    public String of(JiraSite site) {
        String id = siteIds.of(site);
        Held known = held.getIfPresent(id);
        if (known != null && known.fresh()) {
            return known.token();
        }
        Held renewed = QuarkusTransaction.requiringNew().timeout(120).call(() -> renewLocked(site, id));
        held.put(id, renewed);
        return renewed.token();
    }

    /**
     * Exchanges an admin's authorization code (3LO) for the first access and refresh tokens and stores them; the code
     * itself is not kept.
     */
    public void authorize(JiraSite site, String code, String redirectUri) {
        String id = siteIds.of(site);
        TokenEndpoint.Grant grant = endpoint.authorizationCode(site, code, redirectUri);
        if (grant.refreshToken() == null) {
            Log.warnf("Atlassian gave no refresh token for jira.auth.clientId %s: is offline_access among the"
                    + " app's scopes? The integration stops working when the access token expires", site.user());
        }
        QuarkusTransaction.requiringNew().run(() -> {
            repository.lock(id);
            store(id, grant, null);
        });
        held.put(id, new Held(grant.accessToken(), grant.renewAt()));
        Log.infof("Jira site %s: OAuth client %s authorized (3LO)", id, site.user());
    }

    /** Whether a 3LO site account has a refresh token stored (an admin's code was exchanged). */
    public boolean authorized(JiraSite site) {
        String id = siteIds.of(site);
        return QuarkusTransaction.requiringNew().call(() -> repository.find(id))
                .map(stored -> stored.refreshToken() != null).orElse(false);
    }

    /** Jira refused the access token (revoked, expired early): the next call gets a new one. */
    public void forget(JiraSite site) {
        String id = siteIds.of(site);
        held.invalidate(id);
        QuarkusTransaction.requiringNew().run(() -> repository.expire(id));
    }

    // Inside the transaction that holds the row lock: another replica may have renewed while this one waited.
    private Held renewLocked(JiraSite site, String id) {
        OAuthTokenRepository.Stored stored = repository.lock(id);
        if (stored.accessToken() != null && stored.renewAt() != null && Instant.now().isBefore(stored.renewAt())) {
            return new Held(cipher.decrypt(stored.accessToken(), context(id, "access")), stored.renewAt());
        }
        TokenEndpoint.Grant grant;
        if (site.authType() == JiraSite.AuthType.OAUTH_3LO) {
            if (stored.refreshToken() == null) {
                throw notAuthorized(site);
            }
            grant = endpoint.refresh(site, cipher.decrypt(stored.refreshToken(), context(id, "refresh")));
        } else {
            grant = endpoint.clientCredentials(site);
        }
        store(id, grant, stored.refreshToken());
        Log.infof("Jira site %s: access token of OAuth client %s renewed, valid until about %s", id, site.user(),
                grant.renewAt());
        return new Held(grant.accessToken(), grant.renewAt());
    }

    // A grant without a refresh token keeps the stored one (client credentials have none).
    private void store(String id, TokenEndpoint.Grant grant, byte[] storedRefresh) {
        byte[] refresh = grant.refreshToken() == null ? storedRefresh
                : cipher.encrypt(grant.refreshToken(), context(id, "refresh"));
        repository.store(id, cipher.encrypt(grant.accessToken(), context(id, "access")), grant.renewAt(), refresh);
    }

    private static JiraException notAuthorized(JiraSite site) {
        return new JiraException(JiraException.Kind.HTTP, 401, "jira.auth.code: the OAuth client " + site.user()
                + " (type oauth-3lo) has no refresh token stored for " + site.url() + "; have an admin authorize"
                + " and PUT the integration with a new jira.auth.code", List.of(), Map.of(), Map.of(), null);
    }

    private static String context(String siteId, String token) {
        return "jira-oauth:" + siteId + ":" + token;
    }
}
