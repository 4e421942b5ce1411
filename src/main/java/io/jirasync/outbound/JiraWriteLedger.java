package io.jirasync.outbound;

import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Echo bookkeeping: what the worker itself wrote to each ticket and when. The outbound handlers record every
 * status and assignee they set; the inbound side asks {@link #isOwnWrite} before applying a change from Jira.
 */
@ApplicationScoped
public class JiraWriteLedger {

    /** The fields the ledger knows. */
    public enum Field { STATUS, ASSIGNEE }

    private final EntityManager em;

    JiraWriteLedger(EntityManager em) {
        this.em = em;
    }

    /** Records that the worker set {@code field} of {@code issueKey} to {@code value} (null: cleared). */
    @Transactional
    public void recordWrite(String project, String fingerprint, String issueKey, Field field, String value) {
        em.createNativeQuery("""
                insert into jira_write (project, fingerprint, issue_key, field, value) values (?1, ?2, ?3, ?4, ?5)""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, issueKey)
                .setParameter(4, field.name().toLowerCase(Locale.ROOT)).setParameter(5, value)
                .executeUpdate();
    }

    /**
     * Whether the latest value the worker wrote to this field of this ticket, within {@code window}, equals
     * {@code value} (compared case-insensitively; null matches null): then a change carrying it is our own echo.
     */
    @Transactional
    public boolean isOwnWrite(String project, String issueKey, Field field, String value, Duration window) {
        java.util.List<?> latest = em.createNativeQuery("""
                select value from jira_write
                where project = ?1 and issue_key = ?2 and field = ?3 and written_at >= now() - cast(?4 as interval)
                order by written_at desc limit 1""")
                .setParameter(1, project).setParameter(2, issueKey).setParameter(3, field.name().toLowerCase(Locale.ROOT))
                .setParameter(4, window.toMillis() + " milliseconds")
                .getResultList();
        if (latest.isEmpty()) {
            return false;
        }
        Object written = latest.get(0);
        return written == null ? value == null : value != null && written.toString().equalsIgnoreCase(value);
    }
}
