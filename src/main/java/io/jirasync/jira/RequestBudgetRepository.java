package io.jirasync.jira;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The request budget's tables ({@code jira_request_budget}, {@code jira_request_log}, {@code jira_site_pause},
 * {@code jira_issue_write_pause}), each statement in the caller's transaction. All times are the database's, so
 * replicas with skewed clocks agree.
 */
@ApplicationScoped
public class RequestBudgetRepository {

    /** A pause of a whole site: until when, and why (a {@link RequestBudget.PauseReason} label). */
    record Pause(java.time.Instant until, String reason) {
    }

    /** A granted request, or how long to wait before asking again (and, when the site is paused, why). */
    record Admission(RequestBudget.Permit permit, long waitMillis, String pauseReason) {
    }

    // Takes the site's row lock for the rest of the transaction, so admissions to one site happen one at a time;
    // the pause is read beside it (jira_site_pause), never waiting for the lock.
    private static final String LOCK_SITE = """
            INSERT INTO jira_request_budget AS b (site_key) VALUES (?)
            ON CONFLICT (site_key) DO UPDATE SET site_key = excluded.site_key
            RETURNING coalesce((SELECT extract(epoch FROM (p.paused_until - clock_timestamp())) * 1000
                                FROM jira_site_pause p WHERE p.site_key = b.site_key), 0),
                      coalesce(b.slow_until > clock_timestamp(), false),
                      (SELECT p.paused_reason FROM jira_site_pause p WHERE p.site_key = b.site_key)
            """;
    // Runs after the lock in a new statement, so it sees every admission committed before the lock was granted.
    private static final String RECENT = """
            SELECT count(*),
                   extract(epoch FROM (min(finished_at) + interval '1 second' - clock_timestamp())) * 1000
            FROM jira_request_log
            WHERE site_key = ? AND started_at > clock_timestamp() - ? * interval '1 millisecond'
              AND (finished_at IS NULL OR finished_at > clock_timestamp() - interval '1 second')
            """;
    private static final String ADMIT = """
            INSERT INTO jira_request_log (site_key, started_at) VALUES (?, clock_timestamp()) RETURNING id
            """;
    private static final String FORGET_OLD = """
            DELETE FROM jira_request_log
            WHERE site_key = ? AND started_at < clock_timestamp() - ? * interval '1 millisecond' - interval '1 minute'
            """;
    private static final String RELEASE = "UPDATE jira_request_log SET finished_at = clock_timestamp() WHERE id = ?";
    // Returns whether the site was already paused, so that a pause is announced once however many answers say it.
    private static final String PAUSE = """
            WITH before AS (SELECT paused_until FROM jira_site_pause WHERE site_key = ? FOR UPDATE)
            INSERT INTO jira_site_pause AS p (site_key, paused_until, paused_reason) VALUES (?, ?, ?)
            ON CONFLICT (site_key) DO UPDATE
              SET paused_until = greatest(p.paused_until, excluded.paused_until),
                  paused_reason = CASE WHEN excluded.paused_until >= p.paused_until
                                       THEN excluded.paused_reason ELSE p.paused_reason END
            RETURNING coalesce((SELECT paused_until FROM before) > clock_timestamp(), false)
            """;
    // The pause another replica may have set since this one's admission.
    private static final String SITE_PAUSE = """
            SELECT paused_until, paused_reason FROM jira_site_pause
            WHERE site_key = ? AND paused_until > clock_timestamp()
            """;
    private static final String SLOW = """
            INSERT INTO jira_request_budget AS b (site_key, slow_until)
            VALUES (?, clock_timestamp() + ? * interval '1 millisecond')
            ON CONFLICT (site_key) DO UPDATE SET slow_until = excluded.slow_until
            """;
    private static final String ISSUE_WAIT = """
            SELECT extract(epoch FROM (paused_until - clock_timestamp())) * 1000 FROM jira_issue_write_pause
            WHERE site_key = ? AND issue_key = ? AND paused_until > clock_timestamp()
            """;
    private static final String PAUSE_ISSUE = """
            INSERT INTO jira_issue_write_pause AS p (site_key, issue_key, paused_until) VALUES (?, ?, ?)
            ON CONFLICT (site_key, issue_key) DO UPDATE
              SET paused_until = greatest(p.paused_until, excluded.paused_until)
            """;
    private static final String ENSURE_SITE = """
            INSERT INTO jira_request_budget (site_key) VALUES (?) ON CONFLICT (site_key) DO NOTHING
            """;
    private static final String FORGET_EXPIRED = "DELETE FROM jira_issue_write_pause WHERE paused_until < now()";
    // While every counted request is still in flight, nothing says when a place frees up: look again soon.
    private static final long IN_FLIGHT_POLL_MILLIS = 20;

    private final DataSource dataSource;

    RequestBudgetRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One admission, in the caller's transaction on one connection: waits for a site pause, then admits while
     * fewer than {@code limit} ({@code slowLimit} while the site is slowed down) requests count; otherwise says
     * how long until a place frees up.
     */
    Admission admit(String key, long inFlightWindow, int limit, int slowLimit) {
        try (Connection c = dataSource.getConnection()) {
            asyncCommit(c);
            long pausedFor;
            boolean slow;
            String reason;
            try (PreparedStatement s = prepare(c, LOCK_SITE, key); ResultSet rs = s.executeQuery()) {
                rs.next();
                pausedFor = (long) Math.ceil(rs.getDouble(1));
                slow = rs.getBoolean(2);
                reason = rs.getString(3);
            }
            if (pausedFor > 0) {
                return new Admission(null, pausedFor, reason);
            }
            try (PreparedStatement s = prepare(c, RECENT, key, inFlightWindow); ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getLong(1) >= (slow ? slowLimit : limit)) {
                    double freesIn = rs.getDouble(2);
                    return new Admission(null, rs.wasNull() ? IN_FLIGHT_POLL_MILLIS
                            : Math.max(1, (long) Math.ceil(freesIn)), null);
                }
            }
            try (PreparedStatement s = prepare(c, FORGET_OLD, key, inFlightWindow)) {
                s.executeUpdate();
            }
            try (PreparedStatement s = prepare(c, ADMIT, key); ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Admission(new RequestBudget.Permit(rs.getLong(1), key, 0), 0, null);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Request budget admission failed: " + e.getMessage(), e);
        }
    }

    /** How long writes to the issue are paused (0: not). */
    long issueWait(String key, String issueKey) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = prepare(c, ISSUE_WAIT, key, issueKey);
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? (long) Math.ceil(rs.getDouble(1)) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Request budget query failed: " + e.getMessage(), e);
        }
    }

    /** The site's pause still running, set by any replica: its end and reason; null when there is none. */
    Pause sitePause(String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = prepare(c, SITE_PAUSE, key);
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? new Pause(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2)) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("Request budget query failed: " + e.getMessage(), e);
        }
    }

    /** Marks the request finished. */
    void release(long permitId) {
        update(RELEASE, permitId);
    }

    /**
     * Pauses every request to the site until {@code until} (never shortening a longer pause), for {@code reason};
     * true when the site was not paused before: the pause is new.
     */
    boolean pauseSite(String key, OffsetDateTime until, String reason) {
        try (Connection c = dataSource.getConnection()) {
            asyncCommit(c);
            return pauseSite(c, key, until, reason);
        } catch (SQLException e) {
            throw new IllegalStateException("Request budget update failed: " + e.getMessage(), e);
        }
    }

    private static boolean pauseSite(Connection c, String key, OffsetDateTime until, String reason) throws SQLException {
        try (PreparedStatement s = prepare(c, PAUSE, key, key, until, reason); ResultSet rs = s.executeQuery()) {
            rs.next();
            return !rs.getBoolean(1);
        }
    }

    /** Pauses writes to one issue until {@code until}, forgetting pauses that ran out. */
    void pauseIssueWrites(String key, String issueKey, OffsetDateTime until) {
        update(ENSURE_SITE, key);
        update(FORGET_EXPIRED);
        update(PAUSE_ISSUE, key, issueKey, until);
    }

    /** Every known site with its requests of the last minute and its pause, for the console's health page. */
    List<RequestBudget.SiteUse> uses() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT s.id, s.url, s.principal,
                       (SELECT count(*) FROM jira_request_log l
                        WHERE l.site_key = s.id AND l.started_at > clock_timestamp() - interval '1 minute'),
                       CASE WHEN p.paused_until > clock_timestamp() THEN p.paused_until END, p.paused_reason,
                       coalesce(b.slow_until > clock_timestamp(), false)
                FROM jira_site s LEFT JOIN jira_request_budget b ON b.site_key = s.id
                     LEFT JOIN jira_site_pause p ON p.site_key = s.id
                ORDER BY s.url, s.principal
                """); ResultSet r = s.executeQuery()) {
            List<RequestBudget.SiteUse> uses = new ArrayList<>();
            while (r.next()) {
                Timestamp paused = r.getTimestamp(5);
                uses.add(new RequestBudget.SiteUse(r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                        paused == null ? null : paused.toInstant(), paused == null ? null : r.getString(6),
                        r.getBoolean(7)));
            }
            return uses;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the request budgets failed: " + e.getMessage(), e);
        }
    }

    /** Halves the site's budget for {@code millis}. */
    void slowDown(String key, long millis) {
        update(SLOW, key, millis);
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection()) {
            asyncCommit(c);
            try (PreparedStatement s = prepare(c, sql, params)) {
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Request budget update failed: " + e.getMessage(), e);
        }
    }

    /**
     * The budget's rows are about the last minute and are visible to every replica at commit either way; so its
     * transactions do not wait for their commit record to reach the disk (a crash may lose the last few ms of
     * them, less than the second a request counts for). Not waiting shortens the time from a 429's answer to its
     * pause being visible to the other replicas (one disk flush fewer on that path); ticket throughput at B = 100
     * did not change measurably (performance.md).
     */
    private static void asyncCommit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }
}
