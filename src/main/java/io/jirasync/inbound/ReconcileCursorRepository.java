package io.jirasync.inbound;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The {@code reconcile_cursor} table and the reconciler's PostgreSQL advisory locks: the statements behind
 * {@link ReconcileService}.
 */
@ApplicationScoped
public class ReconcileCursorRepository {

    /** First key of the two-key advisory lock: marks jira-sync's reconciler locks ("js"). */
    static final int LOCK_CLASS = 0x6a73;

    private final EntityManager em;
    private final DataSource dataSource;

    ReconcileCursorRepository(EntityManager em, DataSource dataSource) {
        this.em = em;
        this.dataSource = dataSource;
    }

    /**
     * Takes the integration's reconciliation lock if no replica holds it: a session-level PostgreSQL advisory lock
     * on a connection of its own, outside any transaction, so it is held while Jira is searched and is released by
     * PostgreSQL if this replica dies. Empty when another replica holds it.
     */
    Optional<ReconcileService.Lock> tryLock(String project) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("No database connection for the reconciliation lock", e);
        }
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setString(2, project);
            try (ResultSet rs = lock.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    return Optional.of(() -> release(connection, project));
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("Taking the reconciliation lock of " + project + " failed", e);
        }
    }

    private static void release(Connection connection, String project) {
        try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?, hashtext(?))")) {
            unlock.setInt(1, LOCK_CLASS);
            unlock.setString(2, project);
            unlock.execute();
        } catch (SQLException e) {
            // Closing the connection below ends the session, which releases the lock as well.
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Nothing more to do with a connection that will not close.
        }
    }

    /** Every integration's cursor, last run and last error, in project order. */
    @SuppressWarnings("unchecked")
    List<ReconcileService.CursorState> all() {
        List<Object[]> rows = em.createNativeQuery(
                "select project, cursor_at, last_run_at, last_seen, last_error from reconcile_cursor where source = 'jira'"
                        + " order by project")
                .getResultList();
        return rows.stream().map(r -> new ReconcileService.CursorState((String) r[0], WebhookInboxRepository.instant(r[1]),
                WebhookInboxRepository.instant(r[2]), ((Number) r[3]).intValue(), (String) r[4])).toList();
    }

    /** The newest Jira "updated" time the integration's reconciliation has applied. */
    Optional<Instant> cursor(String project, String source) {
        Stream<?> rows = em.createNativeQuery(
                "select cursor_at from reconcile_cursor where project = ?1 and source = ?2")
                .setParameter(1, project).setParameter(2, source).getResultStream();
        return rows.findFirst().map(WebhookInboxRepository::instant);
    }

    /** Stores the cursor after a complete run, with how many issues the run saw. */
    void save(String project, String source, Instant cursor, int seen) {
        em.createNativeQuery("""
                insert into reconcile_cursor (project, cursor_at, last_run_at, last_seen, last_error, source)
                values (?1, ?2, now(), ?3, null, ?4)
                on conflict on constraint pk_reconcile_cursor
                do update set cursor_at = greatest(reconcile_cursor.cursor_at, excluded.cursor_at), last_run_at = now(),
                    last_seen = excluded.last_seen, last_error = null""")
                .setParameter(1, project).setParameter(2, Timestamp.from(cursor)).setParameter(3, seen)
                .setParameter(4, source).executeUpdate();
    }

    /** Records why a run stopped; the cursor stays where it was, so the next run repeats the window. */
    void failed(String project, String source, Instant cursor, String error) {
        em.createNativeQuery("""
                insert into reconcile_cursor (project, cursor_at, last_run_at, last_error, source)
                values (?1, ?2, now(), ?3, ?4)
                on conflict on constraint pk_reconcile_cursor
                do update set last_run_at = now(), last_error = excluded.last_error""")
                .setParameter(1, project).setParameter(2, Timestamp.from(cursor)).setParameter(3, error)
                .setParameter(4, source).executeUpdate();
    }
}
