package io.jirasync.jira.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.http.OutboundHttp;
import io.jirasync.jira.JiraConfig;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.OutboundAddressGuard;

/**
 * The calls to Atlassian that are not Jira's REST API: {@code tenant_info} on the site and the token endpoint. They
 * go through the address guard and the shared {@link OutboundHttp} like every Jira call; no answer becomes a
 * {@link JiraException} of kind UNREACHABLE (retried), with the sentence the caller gives.
 */
@ApplicationScoped
class AtlassianHttp {

    private final JiraConfig config;
    private final OutboundAddressGuard guard;
    private final OutboundHttp http;

    AtlassianHttp(JiraConfig config, OutboundAddressGuard guard, OutboundHttp http) {
        this.config = config;
        this.guard = guard;
        this.http = http;
    }

    /** GET without credentials. */
    OutboundHttp.Response get(URI uri, String what) {
        return send("GET", uri, null, what);
    }

    /** POST of a JSON body (which may hold secrets: it is never logged). */
    OutboundHttp.Response postJson(URI uri, String json, String what) {
        return send("POST", uri, json, what);
    }

    private OutboundHttp.Response send(String method, URI uri, String json, String what) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "jira-sync");
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        OutboundHttp.Request request = new OutboundHttp.Request(method, uri, headers,
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), config.connectTimeout(),
                config.readTimeout(), config.maxResponseSize().asLongValue());
        try {
            return http.send(guard.check(uri), request);
        } catch (OutboundHttp.IoFailure e) {
            throw JiraException.of(JiraException.Kind.UNREACHABLE, what + " did not answer (" + e.getMessage()
                    + "); the task waits and tries again", e);
        } catch (OutboundHttp.TooLarge e) {
            throw JiraException.of(JiraException.Kind.BAD_RESPONSE, what + ": " + e.getMessage(), e);
        }
    }

    /** {@code <base>/<path>} without a doubled slash. */
    static URI under(String base, String path) {
        return URI.create(base.replaceAll("/+$", "") + path);
    }
}
