package io.jirasync.tracker;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.http.RetryAfter;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.outbound.SyncTask;
import io.jirasync.outbound.SyncTaskHandler;
import io.jirasync.outbound.TaskKind;
import io.jirasync.outbound.TaskOutcome;
import io.jirasync.security.HmacSignature;

/**
 * Runs notify tasks. For a tracker whose connector has an API ({@link TrackerApi}) the change is sent there
 * ({@link TrackerApiCalls}); otherwise the task's JSON is POSTed to the integration's {@code tracker.callbackUrl},
 * signed with {@code tracker.secret} in {@value #SIGNATURE_HEADER}. 2xx is done; 408, 429, 5xx and I/O failures
 * are retried through the outbox (after Retry-After); any other answer fails the task for an admin to look at.
 */
@ApplicationScoped
public class NotifyTrackerHandler implements SyncTaskHandler {

    /** The header with {@code sha256=<hex HMAC-SHA256 of the body>}, keyed with {@code tracker.secret}. */
    public static final String SIGNATURE_HEADER = "X-Jira-Sync-Signature";

    private final IntegrationService integrations;
    private final TrackerConnectors connectors;
    private final TrackerApiCalls apiCalls;
    private final TrackerHttp http;

    NotifyTrackerHandler(IntegrationService integrations, TrackerConnectors connectors, TrackerApiCalls apiCalls,
            TrackerHttp http) {
        this.integrations = integrations;
        this.connectors = connectors;
        this.apiCalls = apiCalls;
        this.http = http;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.NOTIFY;
    }

    @Override
    public TaskOutcome run(SyncTask task) {
        Optional<StoredIntegration> integration = integrations.load(task.project);
        if (integration.isEmpty()) {
            return new TaskOutcome.Failed("The integration of project " + task.project + " was deleted.", null);
        }
        Optional<TrackerApi> api = connectors.api(integration.get().tracker().kindOrGeneric());
        if (api.isPresent()) {
            return apiCalls.run(task, integration.get(), api.get());
        }
        var tracker = integration.get().settings().tracker();
        if (tracker == null || tracker.callbackUrl() == null) {
            return new TaskOutcome.Skipped("The integration has no tracker callback URL any more; nothing sent.", null);
        }
        URI url = URI.create(tracker.callbackUrl());
        byte[] body = task.payload.getBytes(StandardCharsets.UTF_8);
        return outcome(http.send("generic", "POST", url, headers(task, integration.get(), body), body),
                "The tracker accepted the notification", "notification");
    }

    /**
     * The outcome of a tracker's answer: done with {@code done} and the status, retried (408, 429, 5xx, no answer;
     * after the one Retry-After parser's delay), or failed.
     */
    static TaskOutcome outcome(TrackerHttp.Answer answer, String done, String what) {
        if (answer.refused() != null) {
            return new TaskOutcome.Failed(answer.refused(), null);
        }
        if (answer.unreachable() != null) {
            return new TaskOutcome.Retry(answer.unreachable(), null, null, true);
        }
        int status = answer.status();
        if (status / 100 == 2) {
            return new TaskOutcome.Done(done + " (HTTP " + status + ").", null);
        }
        if (status == 408 || status == 429 || status >= 500) {
            Duration after = answer.retryAfter() == null ? null
                    : RetryAfter.delay(answer.retryAfter(), Instant.now()).orElse(null);
            return new TaskOutcome.Retry("The tracker answered HTTP " + status + ".", status, after, true);
        }
        return new TaskOutcome.Failed("The tracker refused the " + what + " (HTTP " + status + ").", status);
    }

    private static Map<String, String> headers(SyncTask task, StoredIntegration integration, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "jira-sync");
        // The same task id on every retry lets the tracker drop a notification it already has.
        headers.put("X-Jira-Sync-Delivery", String.valueOf(task.id));
        integration.trackerSecret().ifPresent(secret -> headers.put(SIGNATURE_HEADER, HmacSignature.sign(body, secret)));
        return headers;
    }
}
