package io.jirasync.fingerprint;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Folds staged ingest requests into the fingerprint tables, every {@code jira-sync.fingerprint.fold-every}, and
 * publishes the backlog as gauges ({@code jira_sync_ingest_staged_requests}, {@code ..._set_aside_requests}).
 */
@ApplicationScoped
public class IngestFoldJob {

    private final FingerprintService service;
    private final IngestWriter writer;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong setAside = new AtomicLong();

    IngestFoldJob(FingerprintService service, IngestWriter writer, MeterRegistry registry) {
        this.service = service;
        this.writer = writer;
        registry.gauge("jira_sync.ingest.staged.requests", waiting);
        registry.gauge("jira_sync.ingest.set.aside.requests", setAside);
    }

    @Scheduled(identity = "fingerprint-fold", every = "{jira-sync.fingerprint.fold-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fold() {
        try {
            long events = service.foldStaged();
            if (events > 0) {
                Log.debugf("Folded %d staged events into fingerprints", events);
            }
            // Read after folding: what is left is what this replica could not keep up with (or others hold).
            long[] backlog = writer.backlog();
            waiting.set(backlog[0]);
            setAside.set(backlog[1]);
        } catch (RuntimeException | SQLException e) {
            // The staged requests stay where they are and the next run tries again.
            Log.errorf(e, "Folding staged ingest requests failed; they stay staged for the next run");
        }
    }
}
