package io.jirasync.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The sandbox's switchboard for tests, benchmarks and demos: flavour, budget, faults, latency, webhook targets,
 * traffic counters, the request journal and reset. Not part of Jira's API, so it is neither authenticated nor
 * counted; its errors are problem+json like the worker's.
 */
final class SandboxControlRoutes {

    /** Settings to change; absent ones stay as they are. */
    record Settings(String flavour, Integer requestsPerSecond, Integer writesPerIssuePerSecond, Double failureShare,
            Integer failureStatus, Integer retryAfterSeconds, Integer failForSeconds, Integer latencyMillis,
            Boolean webhooksPaused, Integer paddingBytes, Integer quotaPoints, Integer quotaWindowSeconds,
            String quotaScope) {

        List<String[]> violations() {
            List<String[]> bad = new ArrayList<>();
            check(bad, "flavour", flavour == null || flavour.matches("cloud|server"), "must be cloud or server");
            range(bad, "requestsPerSecond", requestsPerSecond, 0, Integer.MAX_VALUE);
            range(bad, "writesPerIssuePerSecond", writesPerIssuePerSecond, 0, Integer.MAX_VALUE);
            check(bad, "failureShare", failureShare == null || failureShare >= 0, "must be greater than or equal to 0");
            check(bad, "failureShare", failureShare == null || failureShare <= 1, "must be less than or equal to 1");
            check(bad, "failureStatus", failureStatus == null || failureStatus == 429
                    || (failureStatus >= 500 && failureStatus <= 599), "must be 429 or 500-599");
            range(bad, "retryAfterSeconds", retryAfterSeconds, 1, 3600);
            range(bad, "failForSeconds", failForSeconds, 0, 3600);
            range(bad, "latencyMillis", latencyMillis, 0, 60000);
            range(bad, "paddingBytes", paddingBytes, 0, 64 * 1024 * 1024);
            range(bad, "quotaPoints", quotaPoints, 0, Integer.MAX_VALUE);
            range(bad, "quotaWindowSeconds", quotaWindowSeconds, 1, 24 * 3600);
            check(bad, "quotaScope", quotaScope == null || quotaScope.matches("global|tenant"),
                    "must be global or tenant");
            return bad;
        }
    }

    /** A webhook receiver to register; {@code projects} empty or absent means every project. */
    record WebhookTarget(String url, String secret, List<String> projects) {

        List<String[]> violations() {
            List<String[]> bad = new ArrayList<>();
            check(bad, "url", url != null && url.matches("https?://.+"), "must be an http(s) URL");
            check(bad, "projects", projects == null || projects.stream().allMatch(p -> p != null && !p.isBlank()),
                    "must not be blank");
            return bad;
        }
    }

    private final SandboxControl control;
    private final SandboxService service;
    private final WebhookDispatcher webhooks;
    private final ObjectMapper json;

    SandboxControlRoutes(SandboxControl control, SandboxService service, WebhookDispatcher webhooks) {
        this.control = control;
        this.service = service;
        this.webhooks = webhooks;
        this.json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** Every control endpoint under {@code <prefix>/_control}. */
    void mount(Router router, String prefix) {
        String at = prefix + "/_control";
        router.get(at).handler(c -> ok(c, state()));
        router.patch(at).blockingHandler(c -> withBody(c, Settings.class, Settings::violations, this::change), false);
        router.post(at + "/reset").blockingHandler(c -> ok(c, reset()), false);
        router.get(at + "/counters").handler(c -> ok(c, control.counters()));
        router.delete(at + "/counters").handler(c -> {
            control.resetCounters();
            c.response().setStatusCode(204).end();
        });
        router.get(at + "/journal").blockingHandler(c -> ok(c, control.journal()), false);
        router.get(at + "/webhooks").handler(c -> ok(c, webhooks.targets().stream().map(SandboxControlRoutes::view)
                .toList()));
        router.post(at + "/webhooks").handler(c -> withBody(c, WebhookTarget.class, WebhookTarget::violations,
                target -> register(c, target)));
        router.delete(at + "/webhooks/:id").handler(this::unregister);
        router.get(at + "/deliveries").handler(c -> ok(c, webhooks.deliveries()));
    }

    private Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>(control.view());
        state.put("webhooksPaused", webhooks.paused());
        state.put("issues", service.issueCount());
        state.put("counters", control.counters());
        return state;
    }

    private Map<String, Object> change(Settings settings) {
        if (settings.flavour() != null) {
            control.flavour(settings.flavour());
        }
        if (settings.requestsPerSecond() != null) {
            control.requestsPerSecond(settings.requestsPerSecond());
        }
        if (settings.writesPerIssuePerSecond() != null) {
            control.writesPerIssuePerSecond(settings.writesPerIssuePerSecond());
        }
        int status = settings.failureStatus() != null ? settings.failureStatus() : control.failureStatus();
        if (settings.failureShare() != null) {
            control.failures(settings.failureShare(), status);
        } else if (settings.failureStatus() != null) {
            control.failures(0, status);
        }
        if (settings.failForSeconds() != null) {
            control.failFor(settings.failForSeconds(), status);
        }
        if (settings.retryAfterSeconds() != null) {
            control.retryAfterSeconds(settings.retryAfterSeconds());
        }
        if (settings.latencyMillis() != null) {
            control.latencyMillis(settings.latencyMillis());
        }
        if (settings.webhooksPaused() != null) {
            webhooks.pause(settings.webhooksPaused());
        }
        if (settings.paddingBytes() != null) {
            control.paddingBytes(settings.paddingBytes());
        }
        if (settings.quotaPoints() != null || settings.quotaWindowSeconds() != null || settings.quotaScope() != null) {
            control.quota(settings.quotaPoints(), settings.quotaWindowSeconds(), settings.quotaScope());
        }
        return state();
    }

    /** Everything back to the configuration: no issues, no webhook targets, counters at zero, no faults. */
    private Map<String, Object> reset() {
        service.reset();
        webhooks.reset();
        control.reset();
        return state();
    }

    private Object register(RoutingContext context, WebhookTarget target) {
        WebhookDispatcher.Target registered = webhooks.register(target.url(), target.secret(),
                target.projects() == null ? Set.of() : Set.copyOf(target.projects()));
        String location = context.request().absoluteURI().replaceFirst("/?$", "/" + registered.id());
        context.response().setStatusCode(201).putHeader("Location", location);
        return view(registered);
    }

    private void unregister(RoutingContext context) {
        String id = context.pathParam("id");
        if (!webhooks.unregister(id)) {
            problem(context, 404, "Not Found", "No webhook target " + id + ".", List.of());
            return;
        }
        context.response().setStatusCode(204).end();
    }

    /** Reads a JSON body into {@code type}, checks it and answers what {@code action} returns, or a problem. */
    private <T> void withBody(RoutingContext context, Class<T> type, Function<T, List<String[]>> violations,
            Function<T, Object> action) {
        String contentType = context.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            problem(context, 415, "Unsupported Media Type", "The body must be application/json.", List.of());
            return;
        }
        T body;
        try {
            String text = context.body() == null ? null : context.body().asString();
            body = text == null || text.isBlank() ? null : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            problem(context, 400, "Bad Request", "The body is not valid JSON for this endpoint.", List.of());
            return;
        }
        List<String[]> bad = body == null ? List.<String[]> of(new String[] { "body", "must not be null" })
                : violations.apply(body);
        if (!bad.isEmpty()) {
            problem(context, 400, "Bad Request", "The request has invalid fields.", bad);
            return;
        }
        ok(context, action.apply(body));
    }

    private void ok(RoutingContext context, Object body) {
        try {
            context.response().putHeader("Content-Type", "application/json").end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }

    private void problem(RoutingContext context, int status, String title, String detail, List<String[]> errors) {
        ObjectNode problem = json.createObjectNode().put("type", "about:blank").put("title", title)
                .put("status", status).put("detail", detail);
        if (!errors.isEmpty()) {
            errors.forEach(e -> problem.withArray("errors").addObject().put("field", e[0]).put("message", e[1]));
        }
        context.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(problem.toString());
    }

    private static void check(List<String[]> bad, String field, boolean ok, String message) {
        if (!ok) {
            bad.add(new String[] { field, message });
        }
    }

    private static void range(List<String[]> bad, String field, Integer value, int min, int max) {
        check(bad, field, value == null || value >= min, "must be greater than or equal to " + min);
        check(bad, field, value == null || value <= max, "must be less than or equal to " + max);
    }

    private static Map<String, Object> view(WebhookDispatcher.Target target) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", target.id());
        view.put("url", target.url());
        view.put("signed", target.secret() != null && !target.secret().isEmpty());
        view.put("projects", target.projects());
        view.put("events", target.events());
        view.put("jqlFilter", target.jql());
        return view;
    }
}
