package io.jirasync.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.IngestEvent;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.IntegrationSettings;
import io.jirasync.integration.StoredIntegration;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Makes the worker show itself without a Jira account: on its first run it stores a demo integration on the
 * embedded sandbox (tickets from the third event on, Team and Environments filled from templates) and registers
 * the worker's webhook receiver with the sandbox over HTTP, as an admin would with a real Jira; then it sends a
 * few made-up error events each period. Talks to the sandbox only through its HTTP API.
 */
@ApplicationScoped
public class DemoJob {

    private static final List<String[]> ERRORS = List.of(
            new String[] { "npe-cart-total", "NullPointerException in CartService.total" },
            new String[] { "timeout-payments", "SocketTimeoutException calling payments-api" },
            new String[] { "oom-image-resize", "OutOfMemoryError in ImageResizer.resize" },
            new String[] { "sql-deadlock-orders", "Deadlock detected updating orders" },
            new String[] { "npe-login-session", "NullPointerException in SessionFilter" },
            new String[] { "json-parse-webhook", "JsonParseException reading partner webhook" });
    private static final List<String> HOSTS = List.of("web-1", "web-2", "web-3", "worker-1");
    private static final List<String> VERSIONS = List.of("1.0", "1.1", "2.0");

    private final DemoConfig config;
    private final IntegrationService integrations;
    private final FingerprintService fingerprints;
    private final ObjectMapper json;
    private final DemoSentryFlow sentryFlow;
    private final AtomicBoolean prepared = new AtomicBoolean();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoJob(DemoConfig config, IntegrationService integrations, FingerprintService fingerprints, ObjectMapper json,
            DemoSentryFlow sentryFlow) {
        this.sentryFlow = sentryFlow;
        this.config = config;
        this.integrations = integrations;
        this.fingerprints = fingerprints;
        this.json = json;
    }

    @Scheduled(every = "{jira-sync.demo.every}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = DemoDisabled.class)
    void run() {
        try {
            if (prepared.compareAndSet(false, true)) {
                prepare();
            }
            trickle();
            sentryFlow.step();
        } catch (Exception e) {
            prepared.set(false);
            Log.warnf("Demo: %s", e.getMessage());
        }
    }

    private void prepare() throws Exception {
        String project = config.project();
        StoredIntegration integration = integrations.load(project).orElseGet(() -> {
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            integrations.put(project, settings(Base64.getUrlEncoder().withoutPadding().encodeToString(secret)));
            Log.infof("Demo: integration %s stored; tickets appear in the sandbox's project DEMO", project);
            return integrations.load(project).orElseThrow();
        });
        // The sandbox keeps its webhook targets in memory: register ours at every start.
        String body = json.writeValueAsString(Map.of("url", config.selfUrl() + "/webhooks/jira/" + project,
                "secret", integration.webhookSecret().orElse(""), "projects", List.of("DEMO")));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                URI.create(config.selfUrl() + "/sandbox/jira/_control/webhooks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("the sandbox refused the webhook target (HTTP " + answer.statusCode()
                    + "); is jira-sync.sandbox.enabled on?");
        }
    }

    private IntegrationSettings settings(String webhookSecret) {
        return new IntegrationSettings(
                new IntegrationSettings.Jira(config.selfUrl() + "/sandbox/jira", "cloud", 3,
                        new IntegrationSettings.Auth("basic", "jira-sync@example.com", "sandbox-api-token")),
                "DEMO", "Bug", "[$environment] $title",
                "Seen $count times between $first_seen and $last_seen, mostly on $hostname (version $version).\n$link",
                List.of("jira-sync", "demo"), null,
                List.of(new IntegrationSettings.CustomField("Team", "Backend"),
                        new IntegrationSettings.CustomField("Environments", "$environment")),
                new IntegrationSettings.Rules(true, 3, List.of("open")), null, null, null, null, null, null,
                webhookSecret, null, null);
    }

    private void trickle() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<IngestEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String[] error = ERRORS.get(random.nextInt(ERRORS.size()));
            events.add(new IngestEvent(error[0], error[1], Instant.now(), Map.of(
                    "hostname", HOSTS.get(random.nextInt(HOSTS.size())),
                    "environment", random.nextInt(4) == 0 ? "staging" : "production",
                    "version", VERSIONS.get(random.nextInt(VERSIONS.size()))),
                    "https://tracker.example.com/demo/" + error[0]));
        }
        fingerprints.ingest(config.project(), events);
    }

    /** Skips the demo unless {@code jira-sync.demo.enabled}. */
    @ApplicationScoped
    public static class DemoDisabled implements Scheduled.SkipPredicate {
        private final DemoConfig config;

        DemoDisabled(DemoConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
