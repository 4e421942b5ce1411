package io.jirasync.retention;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/** Runs retention on its period ({@code jira-sync.retention.every}) on every replica; batches skip locked rows. */
@ApplicationScoped
public class RetentionJob {

    private final RetentionService retention;

    RetentionJob(RetentionService retention) {
        this.retention = retention;
    }

    @Scheduled(identity = "retention", every = "{jira-sync.retention.every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        runOnce();
    }

    /** One run over every table; what each lost. */
    @WithSpan("job retention")
    public List<RetentionService.Pruned> runOnce() {
        List<RetentionService.Pruned> pruned = retention.pruneAll();
        for (RetentionService.Pruned p : pruned) {
            if (p.rows() > 0) {
                Log.infof("Retention deleted %d rows of %s in %d batches", p.rows(), p.table(), p.batches());
            }
        }
        return pruned;
    }
}
