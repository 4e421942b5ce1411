package io.jirasync.fingerprint;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/** Folds staged ingest requests into the fingerprint tables, every {@code jira-sync.fingerprint.fold-every}. */
@ApplicationScoped
public class IngestFoldJob {

    private final FingerprintService service;

    IngestFoldJob(FingerprintService service) {
        this.service = service;
    }

    @Scheduled(identity = "fingerprint-fold", every = "{jira-sync.fingerprint.fold-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fold() {
        try {
            long events = service.foldStaged();
            if (events > 0) {
                Log.debugf("Folded %d staged events into fingerprints", events);
            }
        } catch (RuntimeException e) {
            // The staged requests stay where they are and the next run tries again.
            Log.errorf(e, "Folding staged ingest requests failed; they stay staged for the next run");
        }
    }
}
