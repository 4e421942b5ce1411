package io.jirasync.inbound;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import io.jirasync.integration.IntegrationService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The inbound side's metrics: the inbox by state and the age of its oldest pending delivery (one grouped query every
 * 15 s, like the outbox's), deliveries by outcome and reason, reconciliation runs and the changes it found that no
 * webhook had delivered, and the last webhook received per integration. Labels stay bounded: reasons are short
 * codes, integrations only those that exist.
 */
@ApplicationScoped
public class InboundMetrics {

    static final String DELIVERIES = "jira_sync_deliveries";
    static final String LAST_RECEIVED = "jira_sync_webhook_last_received_seconds";
    static final String MISSED = "jira_sync_reconcile_missed_deliveries";

    private final WebhookInboxRepository inbox;
    private final IntegrationService integrations;
    private final MeterRegistry registry;
    private final Map<DeliveryState, AtomicLong> byState = new ConcurrentHashMap<>();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();
    private final Map<String, AtomicLong> lastReceived = new ConcurrentHashMap<>();

    InboundMetrics(WebhookInboxRepository inbox, IntegrationService integrations, MeterRegistry registry) {
        this.inbox = inbox;
        this.integrations = integrations;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        for (DeliveryState state : DeliveryState.values()) {
            AtomicLong value = byState.computeIfAbsent(state, s -> new AtomicLong());
            Gauge.builder("jira_sync_inbox_deliveries", value, AtomicLong::get).tag("state", state.db())
                    .description("Webhook deliveries in the inbox by state").register(registry);
        }
        Gauge.builder("jira_sync_inbox_oldest_pending_seconds", oldestPendingSeconds, AtomicLong::get)
                .description("Age in seconds of the oldest pending webhook delivery (0 when none)").register(registry);
        reconcileCounter("ok");
        reconcileCounter("error");
    }

    /** Counts one delivery's end: {@code outcome} applied, ignored or failed, {@code reason} a short code. */
    void delivery(DeliveryState outcome, String reason) {
        deliveries(outcome.db(), reason).increment();
    }

    /** Counts one delivery that repeated one already stored (the same identifier or body). */
    void duplicate() {
        deliveries("duplicate", "redelivery").increment();
    }

    private Counter deliveries(String outcome, String reason) {
        return Counter.builder(DELIVERIES).tag("outcome", outcome).tag("reason", reason)
                .description("Webhook deliveries by how they ended (applied, ignored, failed, duplicate) and why")
                .register(registry);
    }

    /** Counts one reconciliation run of one integration, {@code ok} or not. */
    void reconcileRun(boolean ok) {
        reconcileCounter(ok ? "ok" : "error").increment();
    }

    private Counter reconcileCounter(String outcome) {
        return Counter.builder("jira_sync_reconcile_runs").tag("outcome", outcome)
                .description("Reconciliation runs per integration by outcome (ok: every page read; error: stopped)")
                .register(registry);
    }

    /** Counts an issue that reconciliation changed although no webhook had delivered the change. */
    void missedDelivery(String project) {
        Counter.builder(MISSED).tag("integration", project)
                .description("Issues whose change reconciliation applied because no webhook had delivered it")
                .register(registry).increment();
    }

    /** Notes that a webhook for {@code project}'s integration arrived now. */
    void received(String project) {
        lastReceived(project).set(Instant.now().getEpochSecond());
    }

    private AtomicLong lastReceived(String project) {
        return lastReceived.computeIfAbsent(project, p -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(LAST_RECEIVED, value, AtomicLong::get).tag("integration", p)
                    .description("Unix time of the last webhook delivery received for an integration (0: none kept)")
                    .register(registry);
            return value;
        });
    }

    /**
     * Reads the inbox's counts by state, its oldest pending delivery and the newest delivery per integration, and
     * drops the gauges and counters of integrations that no longer exist.
     */
    @Scheduled(every = "15s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void refresh() {
        WebhookInboxRepository.Summary summary = inbox.summary();
        byState.forEach((state, value) -> value.set(summary.byState().getOrDefault(state.db(), 0L)));
        oldestPendingSeconds.set(summary.oldestPendingSeconds());
        Set<String> existing = new HashSet<>(integrations.projects());
        for (String project : existing) {
            long newest = summary.lastReceived().getOrDefault(project, 0L);
            lastReceived(project).accumulateAndGet(newest, Math::max);
        }
        for (String project : Set.copyOf(lastReceived.keySet())) {
            if (!existing.contains(project)) {
                forget(project);
            }
        }
    }

    private void forget(String project) {
        lastReceived.remove(project);
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if ((LAST_RECEIVED.equals(id.getName()) || MISSED.equals(id.getName()))
                    && project.equals(id.getTag("integration"))) {
                registry.remove(meter);
            }
        }
    }
}
