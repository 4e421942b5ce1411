package io.jirasync.fingerprint;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.queue.Backoff;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Folds staged ingest requests into the fingerprint tables, every {@code jira-sync.fingerprint.fold-every}, and
 * publishes the backlog as gauges ({@code jira_sync_ingest_staged_requests}, {@code ..._set_aside_requests}).
 * After a failed round (the database is away) it waits out a backoff before it tries again.
 */
@ApplicationScoped
public class IngestFoldJob {

    private final FingerprintService service;
    private final Backoff backoff;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong setAside = new AtomicLong();
    private volatile int failures;
    private volatile long notBeforeNanos;

    IngestFoldJob(FingerprintService service, FingerprintConfig config, MeterRegistry registry) {
        this.service = service;
        this.backoff = new Backoff(config.foldBackoffBase(), config.foldBackoffMax(), Backoff.Jitter.EQUAL);
        Gauge.builder("jira_sync.ingest.staged.requests", waiting, AtomicLong::get)
                .description("Ingest requests staged and not yet folded into fingerprints").register(registry);
        Gauge.builder("jira_sync.ingest.set.aside.requests", setAside, AtomicLong::get)
                .description("Ingest requests set aside because folding them failed").register(registry);
    }

    @Scheduled(identity = "fingerprint-fold", every = "{jira-sync.fingerprint.fold-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @WithSpan("job fold")
    void fold() {
        if (failures > 0 && System.nanoTime() - notBeforeNanos < 0) {
            return;
        }
        try {
            long events = service.foldStaged();
            if (events > 0) {
                Log.debugf("Folded %d staged events into fingerprints", events);
            }
            // Read after folding: what is left is what this replica could not keep up with (or others hold).
            long[] backlog = service.stagedBacklog();
            waiting.set(backlog[0]);
            setAside.set(backlog[1]);
            failures = 0;
        } catch (RuntimeException e) {
            // The staged requests stay where they are and a later run tries again.
            failures++;
            Duration delay = backoff.delay(failures);
            notBeforeNanos = System.nanoTime() + delay.toNanos();
            Log.errorf(e, "Folding staged ingest requests failed (%d in a row); they stay staged, next try in %d ms",
                    failures, delay.toMillis());
        }
    }
}
