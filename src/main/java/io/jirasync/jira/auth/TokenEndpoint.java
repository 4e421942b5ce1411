package io.jirasync.jira.auth;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.http.OutboundHttp;
import io.jirasync.jira.JiraConfig;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.JiraSite;

/**
 * Atlassian's OAuth 2.0 token endpoint, {@code <atlassian-auth-url>/oauth/token}: a JSON body with
 * {@code grant_type} {@code client_credentials}, {@code authorization_code} or {@code refresh_token}, answered with
 * {@code access_token}, {@code expires_in} and (3LO with {@code offline_access}) a new {@code refresh_token}. Its
 * refusals become sentences that name the setting to fix.
 */
@ApplicationScoped
class TokenEndpoint {

    /** What the endpoint gave: the access token, when to renew it, and the (rotated) refresh token or null. */
    record Grant(String accessToken, Instant renewAt, String refreshToken) {

        @Override
        public String toString() {
            return "Grant[accessToken=***, renewAt=" + renewAt + ", refreshToken=" + (refreshToken == null ? null : "***")
                    + "]";
        }
    }

    // A token is renewed a tenth of its lifetime before it expires, at most this much earlier.
    private static final Duration MOST_EARLY = Duration.ofMinutes(5);

    private final AtlassianHttp http;
    private final JiraConfig config;
    private final ObjectMapper json;

    TokenEndpoint(AtlassianHttp http, JiraConfig config, ObjectMapper json) {
        this.http = http;
        this.config = config;
        this.json = json;
    }

    Grant clientCredentials(JiraSite site) {
        return exchange(site, "get an access token for", body(site, "client_credentials"));
    }

    Grant authorizationCode(JiraSite site, String code, String redirectUri) {
        Map<String, String> body = body(site, "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri);
        return exchange(site, "exchange jira.auth.code of", body);
    }

    Grant refresh(JiraSite site, String refreshToken) {
        Map<String, String> body = body(site, "refresh_token");
        body.put("refresh_token", refreshToken);
        return exchange(site, "refresh the access token of", body);
    }

    private static Map<String, String> body(JiraSite site, String grantType) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", grantType);
        body.put("client_id", site.user());
        body.put("client_secret", site.secret());
        return body;
    }

    private Grant exchange(JiraSite site, String purpose, Map<String, String> body) {
        URI endpoint = AtlassianHttp.under(config.atlassianAuthUrl(), "/oauth/token");
        String what = "Atlassian's token endpoint " + endpoint + ", asked to " + purpose + " jira.auth.clientId "
                + site.user() + ",";
        OutboundHttp.Response response = http.postJson(endpoint, write(body), what);
        JsonNode answer = read(response.text());
        int status = response.status();
        if (status == 200 && answer.path("access_token").isTextual()) {
            long seconds = answer.path("expires_in").asLong(3600);
            Duration early = Duration.ofSeconds(Math.max(0, seconds)).dividedBy(10);
            Instant renewAt = Instant.now().plusSeconds(seconds).minus(early.compareTo(MOST_EARLY) > 0 ? MOST_EARLY : early);
            return new Grant(answer.path("access_token").asText(), renewAt,
                    answer.path("refresh_token").isTextual() ? answer.path("refresh_token").asText() : null);
        }
        throw refusal(what, body.get("grant_type"), status, answer.path("error").asText(""), response.headers());
    }

    private static JiraException refusal(String what, String grantType, int status, String error,
            Map<String, List<String>> headers) {
        String sentence;
        if (status >= 500 || status == 429) {
            sentence = what + " answered HTTP " + status + "; the task waits and tries again, nothing is lost";
        } else if (error.equals("invalid_grant") && grantType.equals("refresh_token")) {
            sentence = what + " answered invalid_grant: the authorization was revoked, or its refresh token was"
                    + " used already or has expired; have an admin authorize again and PUT the integration with a new"
                    + " jira.auth.code";
        } else if (error.equals("invalid_grant")) {
            sentence = what + " answered invalid_grant: jira.auth.code was used already, has expired or does not"
                    + " belong to jira.auth.redirectUri; have an admin authorize again for a new code";
        } else if (status == 401 || status == 403 || error.equals("invalid_client")
                || error.equals("unauthorized_client") || error.equals("access_denied")) {
            sentence = what + " refused the client (HTTP " + status + (error.isEmpty() ? "" : ", " + error)
                    + "): jira.auth.clientId or jira.auth.clientSecret is wrong, expired or revoked";
        } else {
            sentence = what + " answered HTTP " + status + (error.isEmpty() ? "" : " (" + error + ")");
        }
        return new JiraException(JiraException.Kind.HTTP, status, sentence,
                error.isEmpty() ? List.of() : List.of(error), Map.of(), headers, null);
    }

    private String write(Map<String, String> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The token request cannot be written", e);
        }
    }

    private JsonNode read(String text) {
        try {
            return text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException notJson) {
            return json.createObjectNode();
        }
    }
}
