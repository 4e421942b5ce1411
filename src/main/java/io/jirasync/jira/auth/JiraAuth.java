package io.jirasync.jira.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.http.OutboundHttp;
import io.jirasync.jira.JiraConfig;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.JiraSite;
import io.quarkus.logging.Log;

/**
 * Where a site's REST calls go and how they are authorized, per {@code jira.auth.type}: {@code basic} and
 * {@code bearer} to the site itself; {@code scoped} and the OAuth types to
 * {@code <atlassian-api-url>/ex/jira/<cloudId>/rest/api/<version>} (browse links stay on the site).
 */
@ApplicationScoped
public class JiraAuth {

    private final JiraConfig config;
    private final CloudIds cloudIds;
    private final AccessTokens tokens;

    JiraAuth(JiraConfig config, CloudIds cloudIds, AccessTokens tokens) {
        this.config = config;
        this.cloudIds = cloudIds;
        this.tokens = tokens;
    }

    /** The base of every REST call of the site. */
    public URI restBase(JiraSite site) {
        if (!site.viaGateway()) {
            return site.restBase();
        }
        return AtlassianHttp.under(config.atlassianApiUrl(),
                "/ex/jira/" + cloudIds.of(site) + "/rest/api/" + site.apiVersion());
    }

    /** The Authorization header's value; built per request, never logged. */
    public String authorization(JiraSite site) {
        return switch (site.authType()) {
            case BASIC, SCOPED -> "Basic " + Base64.getEncoder()
                    .encodeToString((site.user() + ":" + site.secret()).getBytes(StandardCharsets.UTF_8));
            case BEARER -> "Bearer " + site.secret();
            case OAUTH_CLIENT_CREDENTIALS, OAUTH_3LO -> "Bearer " + tokens.of(site);
        };
    }

    /**
     * Looks at a gateway answer before the client reads it. A 401 to an OAuth token forgets that token (the next call
     * gets a new one). A 404 that is the gateway's own (not Jira's {@code errorMessages}) means it does not know the
     * cloudId: tenant_info is read again; a changed id is kept and the call is tried again, an unchanged one is
     * reported as the setting to fix.
     */
    public void answered(JiraSite site, URI base, OutboundHttp.Response response) {
        if (!site.viaGateway()) {
            return;
        }
        if (response.status() == 401 && site.authType().oauth()) {
            tokens.forget(site);
        }
        if (response.status() == 404 && !response.text().contains("\"errorMessages\"")) {
            String used = cloudIdIn(base);
            Optional<String> fresh = cloudIds.reread(site, used);
            if (fresh.isPresent()) {
                Log.warnf("Jira site %s: the gateway does not know cloudId %s; tenant_info now says %s", site.url(),
                        used, fresh.get());
                throw JiraException.of(JiraException.Kind.UNREACHABLE, "Atlassian's API gateway does not know the"
                        + " cloudId " + used + " kept for jira.url " + site.url() + "; its tenant_info now gives "
                        + fresh.get() + ", which jira-sync uses from now on", null);
            }
            throw new JiraException(JiraException.Kind.HTTP, 404, "Atlassian's API gateway " + config.atlassianApiUrl()
                    + " does not know the cloudId " + used + " that " + site.url() + "/_edge/tenant_info gives for"
                    + " jira.url: check that jira.url is the Cloud site the token (jira.auth) was made for",
                    List.of(), Map.of(), response.headers(), null);
        }
    }

    /** Exchanges a 3LO authorization code once, storing the tokens (see {@link AccessTokens#authorize}). */
    public void authorize(JiraSite site, String code, String redirectUri) {
        tokens.authorize(site, code, redirectUri);
    }

    /** Whether a 3LO site account holds a refresh token already. */
    public boolean authorized(JiraSite site) {
        return tokens.authorized(site);
    }

    private static String cloudIdIn(URI base) {
        String path = base.getPath();
        int at = path.indexOf("/ex/jira/") + "/ex/jira/".length();
        int end = path.indexOf('/', at);
        return path.substring(at, end < 0 ? path.length() : end);
    }
}
