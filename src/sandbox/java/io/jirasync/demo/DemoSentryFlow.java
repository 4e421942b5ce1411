package io.jirasync.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.sandbox.trackers.FakeSentry;
import io.quarkus.logging.Log;

/**
 * The demo's Sentry-shaped flow, one step per demo run: a fake Sentry (on a free local port) sends a signed
 * {@code issue.created} webhook to the integration {@code <demo project>-sentry}; once its ticket is in the
 * sandbox, the demo sets fix version 2.0 on it and moves it to Done as the sandbox user ana; jira-sync then
 * resolves the Sentry issue with {@code inRelease} 2.0. Each step is logged ("Demo (Sentry): ..."). Talks to the
 * worker and the sandbox only over HTTP.
 */
@ApplicationScoped
public class DemoSentryFlow {

    static final String ISSUE = "4010";
    private static final String SECRET = "demo-sentry-client-secret";
    private static final String TOKEN = "demo-sentry-api-token";

    private final DemoConfig config;
    private final FingerprintService fingerprints;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeSentry sentry;
    private int step;

    DemoSentryFlow(DemoConfig config, FingerprintService fingerprints, ObjectMapper json) {
        this.config = config;
        this.fingerprints = fingerprints;
        this.json = json;
    }

    /** Takes the flow one step further, if the previous one is done. */
    synchronized void step() throws Exception {
        switch (step) {
            case 0 -> start();
            case 1 -> doneInJira();
            case 2 -> resolvedInSentry();
            default -> {
                // The flow has been shown.
            }
        }
    }

    private String project() {
        return config.project() + "-sentry";
    }

    private void start() throws Exception {
        if (sentry == null) {
            sentry = new FakeSentry("acme", "shop-web", TOKEN, SECRET, Set.of());
        }
        sentry.webhookUrl(config.selfUrl() + "/webhooks/trackers/sentry/" + project());
        String hookSecret = "demo-sentry-jira-hook-secret";
        call("PUT", "/api/v1/integrations/" + project(), json.writeValueAsString(Map.of(
                "jira", Map.of("url", config.selfUrl() + "/sandbox/jira", "deployment", "cloud", "apiVersion", 3,
                        "auth", Map.of("type", "basic", "user", "jira-sync@example.com", "token", "sandbox-api-token")),
                "projectKey", "DEMO", "webhookSecret", hookSecret,
                "customFields", List.of(Map.of("field", "Team", "value", "Backend")),
                "rules", Map.of("autoCreate", true, "minEvents", 1),
                "tracker", Map.of("kind", "sentry", "url", sentry.url(), "organization", "acme", "project", "shop-web",
                        "token", TOKEN, "webhookSecret", SECRET))),
                true);
        call("POST", "/sandbox/jira/_control/webhooks", json.writeValueAsString(Map.of("url", config.selfUrl()
                + "/webhooks/jira/" + project(), "secret", hookSecret, "projects", List.of("DEMO"))), false);
        sentry.create(ISSUE, "KeyError: 'cart' in checkout.views.total", 5);
        Log.infof("Demo (Sentry): a fake Sentry at %s sent issue %s to the integration %s", sentry.url(), ISSUE,
                project());
        step = 1;
    }

    private void doneInJira() throws Exception {
        String key = fingerprints.find(project(), ISSUE).map(FingerprintView::jira).map(j -> j.key()).orElse(null);
        if (key == null) {
            return;
        }
        Log.infof("Demo (Sentry): ticket %s is in the sandbox; ana sets fix version 2.0 and moves it to Done", key);
        String issue = "/sandbox/jira/rest/api/3/issue/" + key;
        call("PUT", issue, "{\"fields\": {\"fixVersions\": [{\"name\": \"2.0\"}]}}", false);
        JsonNode transitions = json.readTree(call("GET", issue + "/transitions", null, false)).path("transitions");
        for (JsonNode transition : transitions) {
            if ("Done".equals(transition.path("to").path("name").asText())) {
                String fields = transition.path("hasScreen").asBoolean()
                        ? ", \"fields\": {\"resolution\": {\"name\": \"Done\"}}"
                        : "";
                call("POST", issue + "/transitions", "{\"transition\": {\"id\": \"" + transition.path("id").asText()
                        + "\"}" + fields + "}", false);
                step = 2;
                return;
            }
        }
    }

    private void resolvedInSentry() {
        if ("resolved".equals(sentry.status(ISSUE))) {
            Log.infof("Demo (Sentry): the fake Sentry's issue %s is resolved in release %s (requests it received: %d,"
                    + " webhooks it sent: %s)", ISSUE, sentry.inRelease(ISSUE), sentry.received().size(),
                    sentry.sent().stream().map(s -> s.action() + "=" + s.status()).toList());
            step = 3;
        }
    }

    /** One request to the worker (as its admin) or to the sandbox (as ana); returns the answer's body. */
    private String call(String method, String path, String body, boolean admin) throws Exception {
        String auth = admin ? "Bearer " + config.adminToken()
                : "Basic " + Base64.getEncoder().encodeToString("ana:sandbox-api-token".getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.selfUrl() + path))
                .header("Content-Type", "application/json").header("Authorization", auth)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered HTTP " + answer.statusCode() + ": "
                    + answer.body());
        }
        return answer.body();
    }

    @PreDestroy
    void stop() {
        if (sentry != null) {
            sentry.close();
        }
    }
}
