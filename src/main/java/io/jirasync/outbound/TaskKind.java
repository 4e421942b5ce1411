package io.jirasync.outbound;

import java.util.Locale;

/** What a sync task does. */
public enum TaskKind {
    /** Open the Jira ticket of a fingerprint. */
    CREATE,
    /** Move the ticket to the status mapped from the fingerprint's state. */
    TRANSITION,
    /** Assign the ticket to the Jira user mapped from the fingerprint's assignee. */
    ASSIGN,
    /** Add a comment to the ticket. */
    COMMENT,
    /** Tell the error tracker about a change applied from Jira. */
    NOTIFY;

    /** The value in the {@code kind} column. */
    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a {@code kind} column value. */
    public static TaskKind of(String db) {
        return valueOf(db.toUpperCase(Locale.ROOT));
    }
}
