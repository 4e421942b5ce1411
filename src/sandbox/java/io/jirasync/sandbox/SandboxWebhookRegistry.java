package io.jirasync.sandbox;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * Jira's admin webhooks, {@code /rest/webhooks/1.0/webhook} (Cloud and Server alike): list, create, read, update and
 * delete, as Atlassian documents them ({@code name}, {@code url}, {@code events}, {@code filters} with the JQL under
 * {@code issue-related-events-section}, {@code excludeBody}, {@code enabled}; a write-only {@code secret}). Each
 * webhook is a target of the {@link WebhookDispatcher}, so the sandbox's changes are delivered to it, signed when it
 * has a secret. Only a Jira administrator may manage them: in the sandbox, the bot user {@code jira-sync}; anyone
 * else gets Jira's 403.
 */
final class SandboxWebhookRegistry {

    private static final String PATH = "/rest/webhooks/1.0/webhook";
    private static final String ADMIN = "jira-sync";

    /** A registered admin webhook and the dispatcher target that delivers it. */
    private record Registration(String id, String name, String url, Set<String> events, String jql,
            boolean excludeBody, boolean enabled, String target, long lastUpdated) {
    }

    private final SandboxService service;
    private final WebhookDispatcher dispatcher;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Registration> registrations = new LinkedHashMap<>();
    private int lastId;

    SandboxWebhookRegistry(SandboxService service, WebhookDispatcher dispatcher) {
        this.service = service;
        this.dispatcher = dispatcher;
    }

    /** Mounts the five endpoints under {@code prefix}, each behind the gate (counted, journalled, limited). */
    void mount(Router router, String prefix, SandboxGate gate) {
        add(router, prefix, gate, HttpMethod.GET, "", r -> list(r));
        add(router, prefix, gate, HttpMethod.POST, "", r -> create(r));
        add(router, prefix, gate, HttpMethod.GET, "/{id}", r -> read(r));
        add(router, prefix, gate, HttpMethod.PUT, "/{id}", r -> update(r));
        add(router, prefix, gate, HttpMethod.DELETE, "/{id}", r -> delete(r));
    }

    private static void add(Router router, String prefix, SandboxGate gate, HttpMethod method, String tail,
            Function<SandboxRequest, Reply> endpoint) {
        String template = PATH + tail;
        router.route(method, prefix + template.replaceAll("\\{(\\w+)}", ":$1"))
                .handler(gate.admitting(method.name() + " " + template, 2))
                .blockingHandler(context -> SandboxJiraRoutes.answer(context, endpoint), false);
    }

    private synchronized Reply list(SandboxRequest r) {
        admin(r);
        ArrayNode all = mapper.createArrayNode();
        live().values().forEach(w -> all.add(view(r.call(), w)));
        return Reply.ok(all);
    }

    private synchronized Reply create(SandboxRequest r) {
        admin(r);
        Registration created = register(r, String.valueOf(++lastId), body(r));
        return new Reply(201, view(r.call(), created));
    }

    private synchronized Reply read(SandboxRequest r) {
        admin(r);
        return Reply.ok(view(r.call(), found(r)));
    }

    private synchronized Reply update(SandboxRequest r) {
        admin(r);
        Registration old = found(r);
        JsonNode body = body(r);
        dispatcher.unregister(old.target());
        return Reply.ok(view(r.call(), register(r, old.id(), body)));
    }

    private synchronized Reply delete(SandboxRequest r) {
        admin(r);
        Registration old = found(r);
        dispatcher.unregister(old.target());
        registrations.remove(old.id());
        return Reply.noContent();
    }

    private Registration register(SandboxRequest r, String id, JsonNode body) {
        String name = body.path("name").asText(null);
        String url = body.path("url").asText(null);
        if (name == null || name.isBlank() || url == null || url.isBlank()) {
            throw JiraError.of(400, "A webhook needs a 'name' and a 'url'.");
        }
        Set<String> events = new LinkedHashSet<>();
        body.path("events").forEach(e -> events.add(e.asText()));
        String jql = body.path("filters").path("issue-related-events-section").asText(null);
        Jql.Query query;
        try {
            query = jql == null || jql.isBlank() ? null : Jql.parse(jql, service.catalog(), r.call().cloud(), r.user());
        } catch (Jql.JqlException e) {
            throw JiraError.of(400, "The JQL filter is not valid: " + e.getMessage());
        }
        boolean enabled = body.path("enabled").asBoolean(true);
        String secret = body.path("secret").asText(null);
        // Registered with no JQL of the dispatcher's own: that names Cloud's dynamic webhooks, which list apart.
        WebhookDispatcher.Target target = dispatcher.register(url, secret, Set.of(), events, null,
                issue -> enabled && (query == null || query.filter().test(issue)));
        Registration registration = new Registration(id, name, url, events, jql,
                body.path("excludeBody").asBoolean(false), enabled, target.id(), System.currentTimeMillis());
        registrations.put(id, registration);
        return registration;
    }

    /** The registrations whose targets still exist (a sandbox reset forgets every target). */
    private Map<String, Registration> live() {
        Set<String> targets = new LinkedHashSet<>();
        dispatcher.targets().forEach(t -> targets.add(t.id()));
        registrations.values().removeIf(w -> !targets.contains(w.target()));
        return registrations;
    }

    private Registration found(SandboxRequest r) {
        Registration registration = live().get(r.path("id"));
        if (registration == null) {
            throw JiraError.of(404, "No webhook with id " + r.path("id") + ".");
        }
        return registration;
    }

    private static void admin(SandboxRequest r) {
        if (!ADMIN.equals(r.user().name())) {
            throw JiraError.of(403, "You must be a Jira administrator to manage webhooks.");
        }
    }

    private JsonNode body(SandboxRequest r) {
        try {
            JsonNode body = r.body() == null ? null : mapper.readTree(r.body());
            if (body == null || !body.isObject()) {
                throw JiraError.of(400, "The request body must be a JSON object.");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw JiraError.of(400, "The request body is not JSON.");
        }
    }

    /** A webhook as Jira shows it: never its secret. */
    private ObjectNode view(Call call, Registration w) {
        ObjectNode node = mapper.createObjectNode();
        node.put("self", call.base() + PATH + "/" + w.id());
        node.put("name", w.name());
        node.put("url", w.url());
        ArrayNode events = node.putArray("events");
        w.events().forEach(events::add);
        ObjectNode filters = node.putObject("filters");
        if (w.jql() != null) {
            filters.put("issue-related-events-section", w.jql());
        }
        node.put("excludeBody", w.excludeBody());
        node.put("enabled", w.enabled());
        node.put("lastUpdatedUser", call.caller().accountId());
        node.put("lastUpdatedDisplayName", call.caller().displayName());
        node.put("lastUpdated", w.lastUpdated());
        return node;
    }
}
