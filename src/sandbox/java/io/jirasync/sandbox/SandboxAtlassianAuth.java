package io.jirasync.sandbox;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Atlassian's side of scoped tokens and OAuth 2.0, as its documentation describes it: the site's
 * {@code /_edge/tenant_info} (the cloudId, without credentials), the token endpoint {@code /oauth/token}
 * ({@code client_credentials}, {@code authorization_code}, {@code refresh_token} with a refresh token that rotates on
 * every use, a reused one answered {@code invalid_grant}), {@code /oauth/token/accessible-resources}, and the API
 * gateway {@code /ex/jira/{cloudId}/rest/api/...}, whose Jira routes are the sandbox's own behind the same gate. A
 * scoped token and an OAuth access token work through the gateway only; at the site they get 401, as at Atlassian.
 * Its switchboard is {@code _control/atlassian}. Everything is served under the sandbox prefix, so tests use that
 * one base URL for the site, the API gateway and the authorization server.
 */
final class SandboxAtlassianAuth {

    /**
     * The service account's OAuth 2.0 credential (client credentials). Any client id that starts with it is a
     * service account of its own with the same secret (so that tests get site accounts of their own); likewise
     * for the 3LO app.
     */
    static final String SERVICE_CLIENT_ID = "sandbox-service-client";
    static final String SERVICE_CLIENT_SECRET = "sandbox-service-secret";
    /** The OAuth 2.0 (3LO) app. */
    static final String APP_CLIENT_ID = "sandbox-3lo-client";
    static final String APP_CLIENT_SECRET = "sandbox-3lo-secret";
    /** The scoped API token of every sandbox user (with the user's e-mail, through the gateway only). */
    static final String SCOPED_TOKEN = "sandbox-scoped-token";

    private final SandboxService service;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();

    // Guarded by this.
    private String cloudId;
    private String tenantCloudId;
    private boolean tenantInfoDown;
    private int accessTokenSeconds;
    private int tokenFailures;
    private final Map<String, Long> accessTokens = new HashMap<>();
    private final Map<String, String> refreshTokens = new HashMap<>();
    private final Set<String> usedRefreshTokens = new HashSet<>();
    private final Set<String> codes = new HashSet<>();
    private final Map<String, Integer> grants = new LinkedHashMap<>();
    private final List<Map<String, Object>> tokenRequests = new ArrayList<>();
    private int invalidGrants;
    private int tenantInfoReads;

    SandboxAtlassianAuth(SandboxService service) {
        this.service = service;
        reset();
    }

    /** Who a request through the gateway or at the site is. */
    record Caller(SandboxCatalog.User user, String credential) {
    }

    void mount(Router router, String prefix) {
        router.get(prefix + "/_edge/tenant_info").handler(this::tenantInfo);
        router.post(prefix + "/oauth/token").handler(this::token);
        router.get(prefix + "/oauth/token/accessible-resources").handler(this::accessibleResources);
        String control = prefix + "/_control/atlassian";
        router.get(control).handler(c -> ok(c, view()));
        router.patch(control).handler(this::change);
        router.post(control + "/reset").handler(c -> {
            reset();
            ok(c, view());
        });
        router.post(control + "/codes").handler(c -> ok(c, Map.of("code", issueCode())));
    }

    /** The gateway's own refusal of a cloudId it does not know (404, not Jira's error shape); null when known. */
    synchronized Reply unknownSite(String requestedCloudId) {
        if (cloudId.equals(requestedCloudId)) {
            return null;
        }
        return new Reply(404, json.createObjectNode().put("code", 404).put("message", "Not Found"));
    }

    /** The gateway's own 401 (not Jira's error shape). */
    Reply unauthorized() {
        return new Reply(401, json.createObjectNode().put("code", 401).put("message", "Unauthorized"));
    }

    /** A caller the gateway accepts: a user's e-mail with the scoped token, or a live OAuth access token. */
    synchronized Optional<Caller> throughGateway(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Long until = accessTokens.get(header.substring(7).trim());
            return until == null || until < System.currentTimeMillis() ? Optional.empty()
                    : service.catalog().userByAccountId(SandboxCatalog.BOT_ACCOUNT_ID)
                            .map(u -> new Caller(u, "oauth:" + u.accountId()));
        }
        return SandboxGate.basic(header).filter(login -> login.password().equals(SCOPED_TOKEN))
                .flatMap(login -> service.catalog().userByLogin(login.user()))
                .map(u -> new Caller(u, "scoped:" + u.accountId()));
    }

    /** How the journal names the caller: {@code oauth} for an access token, {@code scoped:<user>}; else empty. */
    synchronized Optional<String> presented(String header) {
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && accessTokens.containsKey(header.substring(7).trim())) {
            return Optional.of("oauth");
        }
        return SandboxGate.basic(header).filter(login -> login.password().equals(SCOPED_TOKEN))
                .map(login -> "scoped:" + login.user());
    }

    private synchronized void tenantInfo(RoutingContext c) {
        tenantInfoReads++;
        if (tenantInfoDown) {
            c.response().setStatusCode(503).end();
            return;
        }
        ok(c, Map.of("cloudId", tenantCloudId == null ? cloudId : tenantCloudId));
    }

    private void accessibleResources(RoutingContext c) {
        if (throughGateway(c.request().getHeader("Authorization")).isEmpty()) {
            unauthorized().send(c.response());
            return;
        }
        java.net.URI uri = java.net.URI.create(c.request().absoluteURI());
        String site = uri.getScheme() + "://" + uri.getRawAuthority() + SandboxRoutes.PREFIX;
        synchronized (this) {
            ok(c, List.of(Map.of("id", cloudId, "url", site, "name", "sandbox",
                    "scopes", List.of("read:jira-work", "write:jira-work", "read:jira-user"))));
        }
    }

    private synchronized void token(RoutingContext c) {
        JsonNode body;
        try {
            body = json.readTree(c.body().asString());
        } catch (Exception notJson) {
            body = json.createObjectNode();
        }
        String grantType = body.path("grant_type").asText("");
        int status = answerToken(c, grantType, body);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", System.currentTimeMillis());
        entry.put("grantType", grantType);
        entry.put("status", status);
        tokenRequests.add(entry);
    }

    private int answerToken(RoutingContext c, String grantType, JsonNode body) {
        if (tokenFailures > 0) {
            tokenFailures--;
            return error(c, 503, "server_error", "Service Unavailable");
        }
        String clientId = body.path("client_id").asText("");
        String secret = body.path("client_secret").asText("");
        switch (grantType) {
            case "client_credentials" -> {
                if (!clientId.startsWith(SERVICE_CLIENT_ID) || !secret.equals(SERVICE_CLIENT_SECRET)) {
                    return error(c, 401, "access_denied", "Unauthorized");
                }
                return grant(c, grantType, false);
            }
            case "authorization_code" -> {
                if (!clientId.startsWith(APP_CLIENT_ID) || !secret.equals(APP_CLIENT_SECRET)) {
                    return error(c, 401, "access_denied", "Unauthorized");
                }
                if (!codes.remove(body.path("code").asText("")) || !body.path("redirect_uri").isTextual()) {
                    invalidGrants++;
                    return error(c, 403, "invalid_grant", "Invalid authorization code");
                }
                return grant(c, grantType, true);
            }
            case "refresh_token" -> {
                if (!clientId.startsWith(APP_CLIENT_ID) || !secret.equals(APP_CLIENT_SECRET)) {
                    return error(c, 401, "access_denied", "Unauthorized");
                }
                String refresh = body.path("refresh_token").asText("");
                if (refreshTokens.remove(refresh) == null) {
                    invalidGrants++;
                    return error(c, 403, "invalid_grant", "Unknown or invalid refresh token.");
                }
                usedRefreshTokens.add(refresh);
                return grant(c, grantType, true);
            }
            default -> {
                return error(c, 400, "unsupported_grant_type", "grant_type must be one of the supported ones");
            }
        }
    }

    private int grant(RoutingContext c, String grantType, boolean withRefresh) {
        grants.merge(grantType, 1, Integer::sum);
        String access = "sandbox-access-" + hex(16);
        accessTokens.put(access, System.currentTimeMillis() + accessTokenSeconds * 1000L);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", access);
        answer.put("expires_in", accessTokenSeconds);
        answer.put("token_type", "Bearer");
        answer.put("scope", withRefresh ? "read:jira-work write:jira-work read:jira-user offline_access"
                : "read:jira-work write:jira-work read:jira-user");
        if (withRefresh) {
            String refresh = "sandbox-refresh-" + hex(16);
            refreshTokens.put(refresh, access);
            answer.put("refresh_token", refresh);
        }
        ok(c, answer);
        return 200;
    }

    private static int error(RoutingContext c, int status, String error, String description) {
        c.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.encode(Map.of("error", error, "error_description", description)));
        return status;
    }

    private synchronized String issueCode() {
        String code = "sandbox-code-" + hex(8);
        codes.add(code);
        return code;
    }

    private synchronized void reset() {
        cloudId = UUID.nameUUIDFromBytes("jira-sync sandbox".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        tenantCloudId = null;
        tenantInfoDown = false;
        accessTokenSeconds = 3600;
        tokenFailures = 0;
        accessTokens.clear();
        refreshTokens.clear();
        usedRefreshTokens.clear();
        codes.clear();
        grants.clear();
        tokenRequests.clear();
        invalidGrants = 0;
        tenantInfoReads = 0;
    }

    private synchronized Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("cloudId", cloudId);
        view.put("tenantCloudId", tenantCloudId == null ? cloudId : tenantCloudId);
        view.put("tenantInfoDown", tenantInfoDown);
        view.put("accessTokenSeconds", accessTokenSeconds);
        view.put("tokenFailures", tokenFailures);
        view.put("grants", new LinkedHashMap<>(grants));
        view.put("invalidGrants", invalidGrants);
        view.put("tenantInfoReads", tenantInfoReads);
        view.put("tokenRequests", new ArrayList<>(tokenRequests));
        return view;
    }

    // cloudId (gateway and tenant_info), tenantCloudId (what tenant_info says, to make a kept id wrong),
    // tenantInfoDown, accessTokenSeconds, tokenFailures (the next n token requests answer 503), revokeTokens.
    private synchronized void change(RoutingContext c) {
        JsonNode body;
        try {
            body = json.readTree(c.body().asString());
        } catch (Exception notJson) {
            c.response().setStatusCode(400).end();
            return;
        }
        if (body.path("cloudId").isTextual()) {
            cloudId = body.path("cloudId").asText();
        }
        if (body.has("tenantCloudId")) {
            tenantCloudId = body.path("tenantCloudId").isTextual() ? body.path("tenantCloudId").asText() : null;
        }
        if (body.path("tenantInfoDown").isBoolean()) {
            tenantInfoDown = body.path("tenantInfoDown").asBoolean();
        }
        if (body.path("accessTokenSeconds").isInt()) {
            accessTokenSeconds = body.path("accessTokenSeconds").asInt();
        }
        if (body.path("tokenFailures").isInt()) {
            tokenFailures = body.path("tokenFailures").asInt();
        }
        if (body.path("revokeTokens").asBoolean(false)) {
            accessTokens.clear();
            refreshTokens.clear();
        }
        ok(c, view());
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void ok(RoutingContext c, Object body) {
        c.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(Json.encode(body));
    }
}
