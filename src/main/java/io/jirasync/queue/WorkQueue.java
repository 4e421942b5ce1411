package io.jirasync.queue;

import java.util.Objects;

/**
 * One table worked as a queue, and the claim statements built from it, so that the outbox ({@code sync_task}),
 * the webhook inbox and staged ingest claim rows the same way: rows that are {@code waiting} and due by
 * {@code dueColumn} (or whose {@code leaseExpired}) are taken in {@code order} and locked with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas take different rows and never wait on each other. Conditions refer
 * to the table as {@code t}; statements take named parameters ({@code :limit}, and whatever {@code lease} uses).
 *
 * <p>
 * A timed lease ({@link #leaseSql}) counts one more attempt and hands the row to its claimer with the
 * {@code lease} assignments (lease owner and lease-until, or a next attempt pushed past the lease) until the lease
 * runs out, so that a replica that died leaves it to another. A transaction lease ({@link #lockSql}) holds the row
 * locks until the claimer's transaction ends, for work done inside it.
 */
public record WorkQueue(String table, String waiting, String dueColumn, String leaseExpired, String order,
        String lease) {

    public WorkQueue {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(waiting, "waiting");
        Objects.requireNonNull(order, "order");
    }

    /** Whether a row may be claimed now: waiting and due, or its claimer's lease ran out. */
    public String due() {
        String ready = dueColumn == null ? waiting : waiting + " and " + dueColumn + " <= now()";
        return leaseExpired == null ? ready : "(" + ready + ") or (" + leaseExpired + ")";
    }

    /** Whether a row may be claimed when someone asks for it at once: waiting (due or not), or its lease ran out. */
    public String claimable() {
        return leaseExpired == null ? waiting : "(" + waiting + ") or (" + leaseExpired + ")";
    }

    /**
     * Claims up to {@code :limit} rows matching {@code condition} (usually {@link #due()}, and-ed with
     * {@code extra} when not null) under a timed lease, one more attempt each; returns {@code returning} of each
     * claimed row, in no particular order.
     */
    public String leaseSql(String condition, String extra, String returning) {
        if (lease == null) {
            throw new IllegalStateException(table + " is not a queue with a timed lease");
        }
        return "update " + table + " set attempts = attempts + 1, " + lease + "\nwhere id in ("
                + select("t.id", condition, extra) + ")\nreturning " + returning;
    }

    /** Locks up to {@code :limit} rows matching {@code condition} and {@code extra} for the transaction, in order. */
    public String lockSql(String condition, String extra, String columns) {
        return select(columns, condition, extra);
    }

    private String select(String columns, String condition, String extra) {
        return "select " + columns + " from " + table + " t\nwhere (" + condition + ")"
                + (extra == null ? "" : "\n  and (" + extra + ")")
                + "\norder by " + order + "\nlimit :limit\nfor update of t skip locked";
    }
}
