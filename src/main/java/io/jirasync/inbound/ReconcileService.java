package io.jirasync.inbound;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** The reconciler's state: its cursor per integration, and the advisory lock that makes it a singleton. */
@ApplicationScoped
public class ReconcileService {

    private final ReconcileCursorRepository cursors;

    ReconcileService(ReconcileCursorRepository cursors) {
        this.cursors = cursors;
    }

    /** A held reconciliation lock of one integration; closing it releases the lock. */
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the integration's reconciliation lock if no replica holds it: a session-level PostgreSQL advisory lock
     * on a connection of its own, outside any transaction, so it is held while Jira is searched and is released by
     * PostgreSQL if this replica dies. Empty when another replica holds it.
     */
    public Optional<Lock> tryLock(String project) {
        return cursors.tryLock(project);
    }

    /** One integration's reconciliation: its cursor, its last run, the issues that run saw, and why it stopped. */
    public record CursorState(String project, Instant cursor, Instant lastRun, int lastSeen, String lastError) {
    }

    /** Every integration's reconciliation state, in project order. */
    @Transactional
    public List<CursorState> states() {
        return cursors.all();
    }

    /** The newest Jira "updated" time the integration's reconciliation has applied. */
    @Transactional
    public Optional<Instant> cursor(String project) {
        return cursors.cursor(project);
    }

    /** Stores the cursor after a complete run, with how many issues the run saw. */
    @Transactional
    public void save(String project, Instant cursor, int seen) {
        cursors.save(project, cursor, seen);
    }

    /** Records why a run stopped; the cursor stays where it was, so the next run repeats the window. */
    @Transactional
    public void failed(String project, Instant cursor, String error) {
        cursors.failed(project, cursor, error);
    }
}
