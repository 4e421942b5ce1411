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
 * The request budget per Jira site, held in PostgreSQL so that every replica sharing one credential shares one
 * rate. Each request reserves the next slot in one atomic statement and sleeps until it; the wait is computed
 * from the database clock, so replicas with skewed clocks still agree.
 */
@ApplicationScoped
public class RequestBudget {

    // Slot = the later of: the next free slot, now, the end of a Retry-After pause. The step doubles while Jira
    // says it is near its limit. Both SET expressions see the old row, so they agree on the slot.
    private static final String RESERVE = """
            INSERT INTO jira_request_budget AS b (site_key, last_slot_at, next_slot_at)
            VALUES (?, now(), now() + ? * interval '1 microsecond')
            ON CONFLICT (site_key) DO UPDATE SET
              last_slot_at = greatest(b.next_slot_at, now(), coalesce(b.paused_until, now())),
              next_slot_at = greatest(b.next_slot_at, now(), coalesce(b.paused_until, now()))
                  + ? * interval '1 microsecond'
                    * (CASE WHEN b.slow_until > now() THEN 2 ELSE 1 END)
            RETURNING extract(epoch FROM (last_slot_at - now())) * 1000
            """;
    private static final String PAUSE = """
            INSERT INTO jira_request_budget AS b (site_key, last_slot_at, next_slot_at, paused_until)
            VALUES (?, now(), now(), ?)
            ON CONFLICT (site_key) DO UPDATE SET paused_until = greatest(b.paused_until, excluded.paused_until)
            """;
    private static final String SLOW = """
            INSERT INTO jira_request_budget AS b (site_key, last_slot_at, next_slot_at, slow_until)
            VALUES (?, now(), now(), now() + ? * interval '1 millisecond')
            ON CONFLICT (site_key) DO UPDATE SET slow_until = excluded.slow_until
            """;
    private static final String ISSUE_WAIT = """
            SELECT extract(epoch FROM (paused_until - now())) * 1000 FROM jira_issue_write_pause
            WHERE site_key = ? AND issue_key = ? AND paused_until > now()
            """;
    private static final String PAUSE_ISSUE = """
            INSERT INTO jira_issue_write_pause AS p (site_key, issue_key, paused_until) VALUES (?, ?, ?)
            ON CONFLICT (site_key, issue_key) DO UPDATE
              SET paused_until = greatest(p.paused_until, excluded.paused_until)
            """;
    private static final String ENSURE_SITE = """
            INSERT INTO jira_request_budget (site_key, last_slot_at, next_slot_at) VALUES (?, now(), now())
            ON CONFLICT (site_key) DO NOTHING
            """;
    private static final String FORGET_EXPIRED = "DELETE FROM jira_issue_write_pause WHERE paused_until < now()";

    // Slots are 3 % further apart than the rate says: a thread that wakes up late must not bunch up with the next
    // ones into more than the rate within one second as Jira counts it.
    private static final double HEADROOM = 1.03;

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
    public void acquire(JiraSite site, String writtenIssueKey) {
        String key = site.budgetKey();
        if (writtenIssueKey != null) {
            long issueWait = queryMillis(ISSUE_WAIT, key, writtenIssueKey);
            sleep(site, issueWait, "writes to " + writtenIssueKey);
        }
        long stepMicros = Math.max(1, Math.round(1_000_000 * HEADROOM / config.budget().requestsPerSecond()));
        long wait = queryMillis(RESERVE, key, stepMicros, stepMicros);
        sleep(site, wait, "its request budget");
    }

    /** Holds every replica's requests to the site until {@code until} (a 429/503 with a retry time). */
    public void pauseSite(JiraSite site, Instant until) {
        update(PAUSE, site.budgetKey(), OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
        Log.infof("Jira at %s asked to wait; requests to it resume at %s", site.url(), until);
    }

    /** Holds writes to one issue until {@code until}, leaving the rest of the site at full speed. */
    public void pauseIssueWrites(JiraSite site, String issueKey, Instant until) {
        String key = site.budgetKey();
        update(ENSURE_SITE, key);
        update(FORGET_EXPIRED);
        update(PAUSE_ISSUE, key, issueKey, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
        Log.infof("Jira at %s limits writes to issue %s; they resume at %s", site.url(), issueKey, until);
    }

    /** Halves the site's rate for a while, because Jira said it is close to rate-limiting us. */
    public void slowDown(JiraSite site) {
        update(SLOW, site.budgetKey(), config.budget().nearLimitSlowdown().toMillis());
    }

    private void sleep(JiraSite site, long millis, String what) {
        if (millis <= 0) {
            return;
        }
        Duration max = config.budget().maxWait();
        if (millis > max.toMillis()) {
            throw JiraException.of(JiraException.Kind.RATE_LIMITED, "Jira at " + site.url() + " is rate-limited: "
                    + what + " allows the next request in " + Duration.ofMillis(millis).toSeconds()
                    + " s, longer than jira-sync.jira.budget.max-wait (" + max.toSeconds() + " s)", null);
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JiraException.of(JiraException.Kind.UNREACHABLE, "Interrupted while waiting for " + what, e);
        }
    }

    // Each statement commits on its own (outside any caller's transaction), so no row lock outlives it.
    private long queryMillis(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> runQuery(sql, params));
    }

    private long runQuery(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, params);
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? (long) Math.ceil(rs.getDouble(1)) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Request budget query failed: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... params) {
        QuarkusTransaction.requiringNew().run(() -> runUpdate(sql, params));
    }

    private void runUpdate(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, params)) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Request budget update failed: " + e.getMessage(), e);
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
