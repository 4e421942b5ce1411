package io.jirasync.inbound;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.dto.JiraIssue;
import io.jirasync.outbound.SyncLogService;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * The inbox processor: applies stored webhook deliveries to their fingerprints. A delivery is a trigger: the
 * issue's current state is read from Jira (one GET with the mapped fields), and only when Jira cannot be asked is
 * the delivery's own content used. Any number of replicas may run it.
 */
@ApplicationScoped
public class InboxJob {

    private final InboxService inbox;
    private final InboundApplier applier;
    private final IntegrationService integrations;
    private final JiraClient jira;
    private final JiraIdentity identity;
    private final SyncLogService syncLog;
    private final InboundConfig config;
    private final ObjectMapper json;

    InboxJob(InboxService inbox, InboundApplier applier, IntegrationService integrations, JiraClient jira,
            JiraIdentity identity, SyncLogService syncLog, InboundConfig config, ObjectMapper json) {
        this.inbox = inbox;
        this.applier = applier;
        this.integrations = integrations;
        this.jira = jira;
        this.identity = identity;
        this.syncLog = syncLog;
        this.config = config;
        this.json = json;
    }

    @Scheduled(every = "{jira-sync.inbound.every}", delayed = "{jira-sync.inbound.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = InboundDisabled.class)
    void scheduled() {
        while (processOnce() > 0) {
            Thread.onSpinWait();
        }
    }

    /** Claims one batch of pending deliveries and applies them; returns how many were claimed. */
    public int processOnce() {
        List<InboxService.Claimed> claimed = inbox.claim(config.batchSize(), config.lease());
        for (InboxService.Claimed delivery : claimed) {
            try {
                process(delivery);
            } catch (RuntimeException e) {
                failed(delivery, e);
            }
        }
        return claimed.size();
    }

    private void process(InboxService.Claimed delivery) {
        Optional<StoredIntegration> found = integrations.load(delivery.project());
        if (found.isEmpty()) {
            inbox.finish(delivery.id(), "ignored", "The integration of project " + delivery.project()
                    + " was deleted.");
            return;
        }
        StoredIntegration integration = found.get();
        JsonNode body = parse(delivery.payload());
        boolean own = identity.isOwnAccount(integration, JiraPerson.of(body.path("user")));
        IssueSnapshot issue;
        String note = null;
        if ("jira:issue_deleted".equals(delivery.eventType())) {
            issue = IssueSnapshot.deleted(delivery.issueId(), delivery.issueKey());
        } else if (own) {
            // Nothing of it will be applied: spare Jira the read.
            issue = IssueSnapshot.fromDelivery(body, "the delivery");
        } else {
            String idOrKey = delivery.issueId() != null ? delivery.issueId() : delivery.issueKey();
            try {
                JiraIssue current = jira.issue(integration.site(), idOrKey, IssueSnapshot.FIELDS);
                issue = IssueSnapshot.fromRest(current, "Jira's current state");
            } catch (JiraException e) {
                issue = IssueSnapshot.fromDelivery(body, "the delivery's own content");
                note = "Jira could not be asked for the current state of " + delivery.issueKey() + " ("
                        + e.getMessage() + "), so the delivery's own content was applied.";
                Log.warnf("Webhook %d for %s of project %s: %s", delivery.id(), delivery.issueKey(),
                        delivery.project(), note);
            }
        }
        IssueSnapshot snapshot = issue;
        String extra = note;
        QuarkusTransaction.requiringNew().run(() -> {
            InboundApplier.Result result = applier.apply(integration, snapshot, delivery.deliveryTimestamp(), own,
                    "webhook", extra, true);
            inbox.finish(delivery.id(), result.applied() ? "applied" : "ignored", result.message());
        });
    }

    private void failed(InboxService.Claimed delivery, RuntimeException e) {
        String reason = "Applying the delivery failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (delivery.attempts() >= config.maxAttempts()) {
            Log.errorf(e, "Webhook %d for %s of project %s set aside after %d attempts", delivery.id(),
                    delivery.issueKey(), delivery.project(), delivery.attempts());
            inbox.finish(delivery.id(), "failed", reason);
            syncLog.record(delivery.project(), null, null, "inbound", "webhook", "failed", reason + " (gave up after "
                    + delivery.attempts() + " attempts).", null, delivery.issueKey());
            return;
        }
        long delay = Math.min(config.backoffBase().toMillis() << Math.min(delivery.attempts() - 1, 16),
                Duration.ofMinutes(10).toMillis());
        Log.warnf(e, "Webhook %d for %s of project %s failed; retried in %d ms", delivery.id(), delivery.issueKey(),
                delivery.project(), delay);
        inbox.retryLater(delivery.id(), reason, Duration.ofMillis(delay));
    }

    private JsonNode parse(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException("A stored delivery is not JSON", e);
        }
    }

    /** Skips the scheduled inbound jobs when {@code jira-sync.inbound.enabled} is false. */
    @ApplicationScoped
    public static class InboundDisabled implements Scheduled.SkipPredicate {
        private final InboundConfig config;

        InboundDisabled(InboundConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
