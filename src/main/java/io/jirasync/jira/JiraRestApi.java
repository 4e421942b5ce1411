package io.jirasync.jira;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import io.jirasync.http.OutboundHttp;

/**
 * Jira's REST API relative to {@code <site>/rest/api/<version>}, as {@link JiraConnections} hands it out for one
 * call. Every method answers the raw response: {@link JiraClient} reads rate-limit headers and error bodies itself
 * and serialises request bodies itself, so that what is sent is exactly what was validated.
 */
final class JiraRestApi {

    /** Sends one request (method, full URI, JSON body or null) to the site's checked address. */
    @FunctionalInterface
    interface Exchange {
        OutboundHttp.Response send(String method, URI uri, String body);
    }

    private final String base;
    private final URI webhooks;
    private final Exchange exchange;

    JiraRestApi(URI restBase, Exchange exchange) {
        this.base = restBase.toString();
        // <site>/rest/api/<n> -> <site>/rest/webhooks/1.0/webhook, keeping a Server's context path.
        this.webhooks = URI.create(base + "/").resolve("../../webhooks/1.0/webhook");
        this.exchange = exchange;
    }

    OutboundHttp.Response webhooks() {
        return exchange.send("GET", webhooks, null);
    }

    OutboundHttp.Response createWebhook(String body) {
        return exchange.send("POST", webhooks, body);
    }

    OutboundHttp.Response updateWebhook(String id, String body) {
        return exchange.send("PUT", URI.create(webhooks + "/" + encode(id)), body);
    }

    OutboundHttp.Response myself() {
        return get("myself");
    }

    OutboundHttp.Response serverInfo() {
        return get("serverInfo");
    }

    OutboundHttp.Response projectSearch(int startAt, int maxResults) {
        return get("project/search", "startAt", startAt, "maxResults", maxResults, "orderBy", "key");
    }

    OutboundHttp.Response projects() {
        return get("project");
    }

    OutboundHttp.Response project(String project) {
        return get("project/" + encode(project));
    }

    OutboundHttp.Response createMetaIssueTypes(String project, int startAt, int maxResults) {
        return get("issue/createmeta/" + encode(project) + "/issuetypes", "startAt", startAt, "maxResults",
                maxResults);
    }

    OutboundHttp.Response createMetaFields(String project, String issueTypeId, int startAt, int maxResults) {
        return get("issue/createmeta/" + encode(project) + "/issuetypes/" + encode(issueTypeId), "startAt", startAt,
                "maxResults", maxResults);
    }

    OutboundHttp.Response legacyCreateMeta(String projectKeys, String expand) {
        return get("issue/createmeta", "projectKeys", projectKeys, "expand", expand);
    }

    OutboundHttp.Response createIssue(String body) {
        return send("POST", "issue", body);
    }

    OutboundHttp.Response issue(String key, String fields) {
        return get("issue/" + encode(key), "fields", fields);
    }

    OutboundHttp.Response editIssue(String key, String body) {
        return send("PUT", "issue/" + encode(key), body);
    }

    OutboundHttp.Response transitions(String key, String expand) {
        return get("issue/" + encode(key) + "/transitions", "expand", expand);
    }

    OutboundHttp.Response transition(String key, String body) {
        return send("POST", "issue/" + encode(key) + "/transitions", body);
    }

    OutboundHttp.Response assign(String key, String body) {
        return send("PUT", "issue/" + encode(key) + "/assignee", body);
    }

    OutboundHttp.Response addComment(String key, String body) {
        return send("POST", "issue/" + encode(key) + "/comment", body);
    }

    OutboundHttp.Response searchJql(String body) {
        return send("POST", "search/jql", body);
    }

    OutboundHttp.Response search(String body) {
        return send("POST", "search", body);
    }

    OutboundHttp.Response userSearchCloud(String query, int maxResults) {
        return get("user/search", "query", query, "maxResults", maxResults);
    }

    OutboundHttp.Response userSearchServer(String username, int maxResults) {
        return get("user/search", "username", username, "maxResults", maxResults);
    }

    /** GET with query parameters as name, value pairs; a null value leaves its parameter out. */
    private OutboundHttp.Response get(String path, Object... query) {
        StringJoiner parameters = new StringJoiner("&", "?", "").setEmptyValue("");
        for (int i = 0; i < query.length; i += 2) {
            if (query[i + 1] != null) {
                parameters.add(query[i] + "=" + encode(String.valueOf(query[i + 1])));
            }
        }
        return exchange.send("GET", URI.create(base + "/" + path + parameters), null);
    }

    private OutboundHttp.Response send(String method, String path, String body) {
        return exchange.send(method, URI.create(base + "/" + path), body);
    }

    // Form encoding, but with %20 for a space (a '+' in a path is a plus) and commas left readable.
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%2C", ",");
    }
}
