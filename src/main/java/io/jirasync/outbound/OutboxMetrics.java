package io.jirasync.outbound;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Outbox gauges for dashboards and alerts: tasks by kind and state ({@code jira_sync_tasks}) and the age of the
 * oldest due pending task ({@code jira_sync_oldest_pending_task_seconds}). Refreshed by one grouped query every
 * 15 s, not on every scrape.
 */
@ApplicationScoped
public class OutboxMetrics {

    private static final List<String> STATES = List.of("pending", "running", "done", "failed");

    private final EntityManager em;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();

    OutboxMetrics(EntityManager em, MeterRegistry registry) {
        this.em = em;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        for (TaskKind kind : TaskKind.values()) {
            for (String state : STATES) {
                AtomicLong value = counts.computeIfAbsent(kind.db() + "/" + state, k -> new AtomicLong());
                Gauge.builder("jira_sync_tasks", value, AtomicLong::get).tag("kind", kind.db()).tag("state", state)
                        .description("Sync tasks by kind and state").register(registry);
            }
        }
        Gauge.builder("jira_sync_oldest_pending_task_seconds", oldestPendingSeconds, AtomicLong::get)
                .description("Age of the oldest pending task that is due").register(registry);
    }

    @Scheduled(every = "15s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    @SuppressWarnings("unchecked")
    void refresh() {
        counts.values().forEach(v -> v.set(0));
        List<Object[]> rows = em.createNativeQuery("select kind, state, count(*) from sync_task group by kind, state")
                .getResultList();
        for (Object[] row : rows) {
            AtomicLong value = counts.get(row[0] + "/" + row[1]);
            if (value != null) {
                value.set(((Number) row[2]).longValue());
            }
        }
        Number oldest = (Number) em.createNativeQuery("""
                select coalesce(extract(epoch from now() - min(next_attempt_at)), 0) from sync_task
                where state = 'pending' and next_attempt_at <= now()""").getSingleResult();
        oldestPendingSeconds.set(oldest.longValue());
    }
}
