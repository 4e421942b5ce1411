package io.jirasync.inbound;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The reconciler's state: its cursor per integration, and the advisory lock that makes it a singleton. The poll of
 * a tracker's issues keeps its own cursor and lock here, as source {@value #TRACKER}.
 */
@ApplicationScoped
public class ReconcileService {

    /** The Jira reconciliation's source. */
    public static final String JIRA = "jira";
    /** The tracker poll's source. */
    public static final String TRACKER = "tracker";

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

    /** Every integration's Jira reconciliation state (not the tracker poll's), in project order. */
    @Transactional
    public List<CursorState> states() {
        return cursors.all();
    }

    /** The same lock for another source (project names have no '#', so the keys cannot meet). */
    public Optional<Lock> tryLock(String project, String source) {
        return JIRA.equals(source) ? tryLock(project) : cursors.tryLock(project + "#" + source);
    }

    /** The newest Jira "updated" time the integration's reconciliation has applied. */
    @Transactional
    public Optional<Instant> cursor(String project) {
        return cursor(project, JIRA);
    }

    /** The cursor of {@code source}. */
    @Transactional
    public Optional<Instant> cursor(String project, String source) {
        return cursors.cursor(project, source);
    }

    /** Stores the cursor after a complete run, with how many issues the run saw. */
    @Transactional
    public void save(String project, Instant cursor, int seen) {
        save(project, JIRA, cursor, seen);
    }

    /** The same for {@code source}. */
    @Transactional
    public void save(String project, String source, Instant cursor, int seen) {
        cursors.save(project, source, cursor, seen);
    }

    /** Records why a run stopped; the cursor stays where it was, so the next run repeats the window. */
    @Transactional
    public void failed(String project, Instant cursor, String error) {
        failed(project, JIRA, cursor, error);
    }

    /** The same for {@code source}. */
    @Transactional
    public void failed(String project, String source, Instant cursor, String error) {
        cursors.failed(project, source, cursor, error);
    }
}
