package io.jirasync.outbound;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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

    private final SyncTaskRepository tasks;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();

    OutboxMetrics(SyncTaskRepository tasks, MeterRegistry registry) {
        this.tasks = tasks;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        for (TaskKind kind : TaskKind.values()) {
            for (TaskState state : TaskState.values()) {
                AtomicLong value = counts.computeIfAbsent(kind.db() + "/" + state.db(), k -> new AtomicLong());
                Gauge.builder("jira_sync_tasks", value, AtomicLong::get).tag("kind", kind.db()).tag("state", state.db())
                        .description("Sync tasks by kind and state").register(registry);
            }
        }
        Gauge.builder("jira_sync_oldest_pending_task_seconds", oldestPendingSeconds, AtomicLong::get)
                .description("Age of the oldest pending task that is due").register(registry);
    }

    @Scheduled(every = "15s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        Map<String, Long> now = tasks.countsByKindAndState();
        counts.forEach((kindAndState, value) -> value.set(now.getOrDefault(kindAndState, 0L)));
        oldestPendingSeconds.set(tasks.oldestDueSeconds());
    }
}
