package io.jirasync.retention;

import java.util.List;
import java.util.function.IntUnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.inbound.InboxService;
import io.jirasync.outbound.OutboxService;
import io.jirasync.outbound.SyncLogService;

/** Deletes old finished rows of the inbox, the outbox and the sync log, each table in bounded batches. */
@ApplicationScoped
public class RetentionService {

    /** What one run deleted from one table. */
    public record Pruned(String table, long rows, int batches, int largestBatch) {
    }

    private final InboxService inbox;
    private final OutboxService outbox;
    private final SyncLogService syncLog;
    private final RetentionConfig config;

    RetentionService(InboxService inbox, OutboxService outbox, SyncLogService syncLog, RetentionConfig config) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.syncLog = syncLog;
        this.config = config;
    }

    /** Prunes every table until a batch comes back short; what each lost. */
    public List<Pruned> pruneAll() {
        return List.of(prune("webhook_inbox", limit -> inbox.prune(config.inbox(), limit)),
                prune("sync_task", limit -> outbox.pruneDone(config.tasks(), limit)),
                prune("sync_log", limit -> syncLog.prune(config.syncLog(), limit)));
    }

    // Each batch is a transaction of its own (the services' methods), so a run never holds more than one batch of
    // rows, and rows another transaction holds are skipped rather than waited for: any number of replicas may run.
    private Pruned prune(String table, IntUnaryOperator batch) {
        int size = config.batchSize();
        long rows = 0;
        int batches = 0;
        int largest = 0;
        int deleted;
        do {
            deleted = batch.applyAsInt(size);
            if (deleted > 0) {
                rows += deleted;
                batches++;
                largest = Math.max(largest, deleted);
            }
        } while (deleted == size);
        return new Pruned(table, rows, batches, largest);
    }
}
