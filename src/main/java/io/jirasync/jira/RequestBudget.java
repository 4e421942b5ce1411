package io.jirasync.jira;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The request budget per Jira site, held in PostgreSQL so that every replica sharing one credential shares it.
 * A request may start only while fewer than {@code requests-per-second} requests of the site are in flight or
 * finished less than a second ago. Because a request counts from before it leaves until a second after its
 * answer, Jira receives at most that many in any one-second window, however late a request leaves or slowly it
 * travels (a budget of evenly spaced slots cannot promise that: late senders bunch up). All times are the
 * database's, so replicas with skewed clocks agree.
 */
@ApplicationScoped
public class RequestBudget {

    /** A granted request; hand it back to {@link #release(Permit)} when its answer or failure is in. */
    public record Permit(long id) {
    }

    // Takes the site's row lock for the rest of the transaction, so admissions to one site happen one at a time.
    private static final String LOCK_SITE = """
            INSERT INTO jira_request_budget AS b (site_key) VALUES (?)
            ON CONFLICT (site_key) DO UPDATE SET site_key = excluded.site_key
            RETURNING coalesce(extract(epoch FROM (b.paused_until - clock_timestamp())) * 1000, 0),
                      coalesce(b.slow_until > clock_timestamp(), false)
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
    private static final String PAUSE = """
            INSERT INTO jira_request_budget AS b (site_key, paused_until) VALUES (?, ?)
            ON CONFLICT (site_key) DO UPDATE SET paused_until = greatest(b.paused_until, excluded.paused_until)
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
    private final JiraConfig config;

    public RequestBudget(DataSource dataSource, JiraConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /**
     * Blocks until this replica may send one request to the site; for a write to an issue, also until that issue's
     * write pause is over. Throws a RATE_LIMITED {@link JiraException} when that would take longer than
     * {@code jira-sync.jira.budget.max-wait}.
     */
    public Permit acquire(JiraSite site, String writtenIssueKey) {
        String key = site.budgetKey();
        long deadline = System.nanoTime() + config.budget().maxWait().toNanos();
        if (writtenIssueKey != null) {
            long issueWait = QuarkusTransaction.requiringNew().call(() -> issueWait(key, writtenIssueKey));
            sleep(site, issueWait, deadline, "writes to " + writtenIssueKey);
        }
        while (true) {
            Admission admission = QuarkusTransaction.requiringNew().call(() -> admit(key));
            if (admission.permit() != null) {
                return admission.permit();
            }
            sleep(site, admission.waitMillis(), deadline, "its request budget");
        }
    }

    /** Marks the request finished; it keeps counting for one more second. */
    public void release(Permit permit) {
        QuarkusTransaction.requiringNew().run(() -> update(RELEASE, permit.id()));
    }

    /** Holds every replica's requests to the site until {@code until} (a 429/503 with a retry time). */
    public void pauseSite(JiraSite site, Instant until) {
        QuarkusTransaction.requiringNew().run(() -> update(PAUSE, site.budgetKey(), utc(until)));
        Log.infof("Jira at %s asked to wait; requests to it resume at %s", site.url(), until);
    }

    /** Holds writes to one issue until {@code until}, leaving the rest of the site at full speed. */
    public void pauseIssueWrites(JiraSite site, String issueKey, Instant until) {
        String key = site.budgetKey();
        QuarkusTransaction.requiringNew().run(() -> {
            update(ENSURE_SITE, key);
            update(FORGET_EXPIRED);
            update(PAUSE_ISSUE, key, issueKey, utc(until));
        });
        Log.infof("Jira at %s limits writes to issue %s; they resume at %s", site.url(), issueKey, until);
    }

    /** Halves the site's budget for a while, because Jira said it is close to rate-limiting us. */
    public void slowDown(JiraSite site) {
        QuarkusTransaction.requiringNew().run(() -> update(SLOW, site.budgetKey(),
                config.budget().nearLimitSlowdown().toMillis()));
    }

    private record Admission(Permit permit, long waitMillis) {
    }

    private Admission admit(String key) {
        long inFlightWindow = config.connectTimeout().plus(config.readTimeout()).plusSeconds(5).toMillis();
        try (Connection c = dataSource.getConnection()) {
            long pausedFor;
            boolean slow;
            try (PreparedStatement s = prepare(c, LOCK_SITE, key); ResultSet rs = s.executeQuery()) {
                rs.next();
                pausedFor = (long) Math.ceil(rs.getDouble(1));
                slow = rs.getBoolean(2);
            }
            if (pausedFor > 0) {
                return new Admission(null, pausedFor);
            }
            int limit = Math.max(1, slow ? config.budget().requestsPerSecond() / 2 : config.budget().requestsPerSecond());
            try (PreparedStatement s = prepare(c, RECENT, key, inFlightWindow); ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getLong(1) >= limit) {
                    double freesIn = rs.getDouble(2);
                    return new Admission(null, rs.wasNull() ? IN_FLIGHT_POLL_MILLIS : Math.max(1,
                            (long) Math.ceil(freesIn)));
                }
            }
            try (PreparedStatement s = prepare(c, FORGET_OLD, key, inFlightWindow)) {
                s.executeUpdate();
            }
            try (PreparedStatement s = prepare(c, ADMIT, key); ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Admission(new Permit(rs.getLong(1)), 0);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Request budget admission failed: " + e.getMessage(), e);
        }
    }

    private long issueWait(String key, String issueKey) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, ISSUE_WAIT, key, issueKey);
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? (long) Math.ceil(rs.getDouble(1)) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Request budget query failed: " + e.getMessage(), e);
        }
    }

    private void sleep(JiraSite site, long millis, long deadline, String what) {
        if (millis <= 0) {
            return;
        }
        if (System.nanoTime() + Duration.ofMillis(millis).toNanos() > deadline) {
            throw JiraException.of(JiraException.Kind.RATE_LIMITED, "Jira at " + site.url() + " is rate-limited: "
                    + what + " allows the next request in " + Duration.ofMillis(millis).toSeconds()
                    + " s, beyond jira-sync.jira.budget.max-wait (" + config.budget().maxWait().toSeconds() + " s)",
                    null);
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JiraException.of(JiraException.Kind.UNREACHABLE, "Interrupted while waiting for " + what, e);
        }
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, params)) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Request budget update failed: " + e.getMessage(), e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }
}
