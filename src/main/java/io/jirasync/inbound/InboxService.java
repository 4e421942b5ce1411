package io.jirasync.inbound;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** The inbox's processing side: claiming pending deliveries under a lease and recording how each ended. */
@ApplicationScoped
public class InboxService {

    /** A claimed delivery; {@code signed} when its signature was checked (only then may its content be applied). */
    public record Claimed(long id, String project, String eventType, String issueId, String issueKey,
            Instant deliveryTimestamp, String payload, int attempts, boolean signed) {
    }

    private final WebhookInboxRepository deliveries;
    private final InboundMetrics metrics;

    InboxService(WebhookInboxRepository deliveries, InboundMetrics metrics) {
        this.deliveries = deliveries;
        this.metrics = metrics;
    }

    /**
     * Claims up to {@code limit} due pending deliveries for {@code lease}: {@code FOR UPDATE SKIP LOCKED}, so
     * replicas take different rows, and a replica that dies leaves its rows to be taken again after the lease.
     * Returned oldest delivery first, so one issue's deliveries are applied in Jira's order where it matters.
     */
    @Transactional
    public List<Claimed> claim(int limit, Duration lease) {
        return deliveries.claim(limit, lease).stream()
                .sorted(Comparator.comparing(Claimed::deliveryTimestamp, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Claimed::id))
                .toList();
    }

    /**
     * Records the end of a delivery ({@code applied}, {@code ignored} or {@code failed}) with the sentence, and
     * counts it by {@code code}, a short reason ({@code jira_sync_deliveries_total}).
     */
    @Transactional
    public void finish(long id, DeliveryState state, String reason, String code) {
        deliveries.finish(id, state, reason);
        metrics.delivery(state, code);
    }

    /** When the newest delivery kept for the integration of {@code project} arrived; empty when none is kept. */
    @Transactional
    public Optional<Instant> lastReceived(String project) {
        return deliveries.lastReceived(project);
    }

    /** The inbox now: deliveries waiting and failed, and how long the oldest waiting one has waited. */
    public record Backlog(long pending, long failed, long oldestPendingSeconds) {
    }

    /** The inbox now, over every integration (the grouped pass the inbox gauges use). */
    @Transactional
    public Backlog backlog() {
        WebhookInboxRepository.Summary summary = deliveries.summary();
        return new Backlog(summary.byState().getOrDefault(DeliveryState.PENDING.db(), 0L),
                summary.byState().getOrDefault(DeliveryState.FAILED.db(), 0L), summary.oldestPendingSeconds());
    }

    /** Deliveries applied per minute since {@code since}: the minute's start (epoch seconds) to how many. */
    @Transactional
    public Map<Long, Long> appliedPerMinute(Instant since) {
        return deliveries.appliedPerMinute(since);
    }

    /** When the newest delivery kept arrived, per project (projects without any are absent). */
    @Transactional
    public Map<String, Instant> lastReceived(List<String> projects) {
        return projects.isEmpty() ? Map.of() : deliveries.lastReceivedByProject(String.join("\n", projects));
    }

    /** Deletes one batch of applied or ignored deliveries processed more than {@code age} ago; how many. */
    @Transactional
    public int prune(Duration age, int limit) {
        return deliveries.deleteProcessed(age, limit);
    }

    /** Gives a claimed delivery that was not begun back to the inbox, due now (the worker is stopping). */
    @Transactional
    public void release(long id) {
        deliveries.release(id);
    }

    /** Puts a delivery back for another attempt after {@code delay}. */
    @Transactional
    public void retryLater(long id, String reason, Duration delay) {
        deliveries.retryLater(id, reason, delay);
    }
}
