package io.jirasync.outbound;

import java.util.Locale;

/** Where a sync task is in its life; stored as its lower-case name, which the table's check constraint lists. */
public enum TaskState {
    /** Waiting for its next attempt. */
    PENDING,
    /** Claimed by a worker under a lease. */
    RUNNING,
    /** Finished: done or skipped. */
    DONE,
    /** Given up: an admin must act, then retry it. */
    FAILED;

    /** The value in the {@code state} column and in the API. */
    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a {@code state} column value. */
    public static TaskState of(String db) {
        return valueOf(db.toUpperCase(Locale.ROOT));
    }
}
