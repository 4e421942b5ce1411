package io.jirasync.tracker;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.http.Destination;
import io.jirasync.http.OutboundHttp;
import io.jirasync.http.RetryAfter;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.OutboundAddressGuard;
import io.jirasync.outbound.SyncTask;
import io.jirasync.outbound.SyncTaskHandler;
import io.jirasync.outbound.TaskKind;
import io.jirasync.outbound.TaskOutcome;
import io.jirasync.security.HmacSignature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs notify tasks: POSTs the task's JSON to the integration's {@code tracker.callbackUrl}, signed with
 * {@code tracker.secret} in {@value #SIGNATURE_HEADER}. 2xx is done; 408, 429, 5xx and I/O failures are
 * retried through the outbox; any other answer fails the task for an admin to look at.
 */
@ApplicationScoped
public class NotifyTrackerHandler implements SyncTaskHandler {

    /** The header with {@code sha256=<hex HMAC-SHA256 of the body>}, keyed with {@code tracker.secret}. */
    public static final String SIGNATURE_HEADER = "X-Jira-Sync-Signature";

    // The tracker's answer body is not used: a little of it is read, the rest is dropped with the connection.
    private static final long MAX_BODY_BYTES = 64 * 1024;
    private static final String RESPONSES = "jira_sync_tracker_responses";

    private final IntegrationService integrations;
    private final OutboundAddressGuard guard;
    private final OutboundHttp http;
    private final TrackerConfig config;
    private final MeterRegistry metrics;

    NotifyTrackerHandler(IntegrationService integrations, OutboundAddressGuard guard, OutboundHttp http,
            TrackerConfig config, MeterRegistry metrics) {
        this.metrics = metrics;
        this.integrations = integrations;
        this.guard = guard;
        this.http = http;
        this.config = config;
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
        var tracker = integration.get().settings().tracker();
        if (tracker == null || tracker.callbackUrl() == null) {
            return new TaskOutcome.Skipped("The integration has no tracker callback URL any more; nothing sent.", null);
        }
        URI url = URI.create(tracker.callbackUrl());
        Destination destination;
        try {
            destination = guard.check(url);
        } catch (JiraException refused) {
            return new TaskOutcome.Failed("The tracker callback URL is refused: " + refused.getMessage() + ".", null);
        }
        try {
            OutboundHttp.Response response = http.send(destination, request(task, integration.get(), url));
            count(Integer.toString(response.status()));
            return outcome(response.status(), response.header("retry-after").orElse(null));
        } catch (OutboundHttp.TooLarge e) {
            // The status is all that counts, and it came before the oversized body.
            count(Integer.toString(e.status()));
            return outcome(e.status(), null);
        } catch (OutboundHttp.IoFailure e) {
            count("io_error");
            return new TaskOutcome.Retry("The tracker at " + url.getHost() + " could not be reached: "
                    + rootCause(e).getClass().getSimpleName() + ".", null, null, true);
        }
    }

    private static TaskOutcome outcome(int status, String retryAfter) {
        if (status / 100 == 2) {
            return new TaskOutcome.Done("The tracker accepted the notification (HTTP " + status + ").", null);
        }
        if (status == 408 || status == 429 || status >= 500) {
            Duration after = retryAfter == null ? null : RetryAfter.delay(retryAfter, Instant.now()).orElse(null);
            return new TaskOutcome.Retry("The tracker answered HTTP " + status + ".", status, after, true);
        }
        return new TaskOutcome.Failed("The tracker refused the notification (HTTP " + status + ").", status);
    }

    /** {@code jira_sync_tracker_responses_total{tracker, status}}: the callback's answers ({@code io_error}: none). */
    private void count(String status) {
        Counter.builder(RESPONSES).description("Trackers' answers to jira-sync's calls by tracker kind and HTTP status"
                + " (io_error: no answer)").tag("tracker", "generic").tag("status", status).register(metrics)
                .increment();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private OutboundHttp.Request request(SyncTask task, StoredIntegration integration, URI url) {
        byte[] body = task.payload.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "jira-sync");
        // The same task id on every retry lets the tracker drop a notification it already has.
        headers.put("X-Jira-Sync-Delivery", String.valueOf(task.id));
        integration.trackerSecret().ifPresent(secret -> headers.put(SIGNATURE_HEADER, HmacSignature.sign(body, secret)));
        return new OutboundHttp.Request("POST", url, headers, body, config.timeout(), config.timeout(), MAX_BODY_BYTES);
    }

}
