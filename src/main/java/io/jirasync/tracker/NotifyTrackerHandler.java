package io.jirasync.tracker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

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

/**
 * Runs notify tasks: POSTs the task's JSON to the integration's {@code tracker.callbackUrl}, signed with
 * {@code tracker.secret} in {@value #SIGNATURE_HEADER}. 2xx is done; 408, 429, 5xx and I/O failures are
 * retried through the outbox; any other answer fails the task for an admin to look at.
 */
@ApplicationScoped
public class NotifyTrackerHandler implements SyncTaskHandler {

    /** The header with {@code sha256=<hex HMAC-SHA256 of the body>}, keyed with {@code tracker.secret}. */
    public static final String SIGNATURE_HEADER = "X-Jira-Sync-Signature";

    private final IntegrationService integrations;
    private final OutboundAddressGuard guard;
    private final HttpClient http;
    private final TrackerConfig config;

    NotifyTrackerHandler(IntegrationService integrations, OutboundAddressGuard guard, TrackerConfig config) {
        this.integrations = integrations;
        this.guard = guard;
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
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
        try {
            guard.check(url);
        } catch (JiraException refused) {
            return new TaskOutcome.Failed("The tracker callback URL is refused: " + refused.getMessage() + ".", null);
        }
        byte[] body = task.payload.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "jira-sync")
                // The same task id on every retry lets the tracker drop a notification it already has.
                .header("X-Jira-Sync-Delivery", String.valueOf(task.id))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        integration.get().trackerSecret().ifPresent(secret -> request.header(SIGNATURE_HEADER,
                HmacSignature.sign(body, secret)));
        HttpResponse<Void> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return new TaskOutcome.Retry("The tracker at " + url.getHost() + " could not be reached: "
                    + e.getClass().getSimpleName() + ".", null, null, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TaskOutcome.Retry("Interrupted while calling the tracker.", null, null, false);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new TaskOutcome.Done("The tracker accepted the notification (HTTP " + status + ").", null);
        }
        if (status == 408 || status == 429 || status >= 500) {
            Duration after = response.headers().firstValue("Retry-After").map(NotifyTrackerHandler::retryAfter)
                    .orElse(null);
            return new TaskOutcome.Retry("The tracker answered HTTP " + status + ".", status, after, true);
        }
        return new TaskOutcome.Failed("The tracker refused the notification (HTTP " + status + ").", status);
    }

    private static Duration retryAfter(String value) {
        return RetryAfter.delay(value, Instant.now()).orElse(null);
    }
}
