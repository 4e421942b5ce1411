package io.jirasync.outbound;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Echo bookkeeping: what the worker itself wrote to each ticket and when. The outbound handlers record every
 * status and assignee they set; the inbound side asks {@link #isOwnWrite} before applying a change from Jira. The
 * same ledger keeps, on the {@link Side#TRACKER} side, what the worker wrote to the error tracker's issues (the
 * state as the tracker reports it back, and the assignee), for the tracker's webhooks.
 */
@ApplicationScoped
public class JiraWriteLedger {

    /** The fields the ledger knows. */
    public enum Field {
        STATUS,
        ASSIGNEE
    }

    /** Whose issue was written: the Jira ticket, or the error tracker's issue (keyed by the tracker's id). */
    public enum Side {
        JIRA,
        TRACKER
    }

    private final JiraWriteRepository writes;

    JiraWriteLedger(JiraWriteRepository writes) {
        this.writes = writes;
    }

    /** Records that the worker set {@code field} of {@code issueKey} to {@code value} (null: cleared). */
    @Transactional
    public void recordWrite(String project, String fingerprint, String issueKey, Field field, String value) {
        recordWrite(Side.JIRA, project, fingerprint, issueKey, field, value);
    }

    /** The same on either side: {@code issueKey} is the tracker's issue id on {@link Side#TRACKER}. */
    @Transactional
    public void recordWrite(Side side, String project, String fingerprint, String issueKey, Field field,
            String value) {
        writes.insert(side, project, fingerprint, issueKey, field, value);
    }

    /**
     * Whether the latest value the worker wrote to this field of this ticket, within {@code window}, equals
     * {@code value} (compared case-insensitively; null matches null): then a change carrying it is our own echo.
     */
    @Transactional
    public boolean isOwnWrite(String project, String issueKey, Field field, String value, Duration window) {
        return isOwnWrite(Side.JIRA, project, issueKey, field, value, window);
    }

    /** The same on either side. */
    @Transactional
    public boolean isOwnWrite(Side side, String project, String issueKey, Field field, String value,
            Duration window) {
        return writes.latest(side, project, issueKey, field, window)
                .map(latest -> latest.written().map(w -> value != null && w.equalsIgnoreCase(value))
                        .orElse(value == null))
                .orElse(false);
    }
}
