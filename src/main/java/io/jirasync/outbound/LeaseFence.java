package io.jirasync.outbound;

import java.time.Duration;

import io.jirasync.jira.JiraException;

/**
 * The check before a task's create leaves ({@link io.jirasync.jira.SendFence}): within the first half of the lease
 * (counted from before the claim, on this worker's clock) the worker still holds the task; later it renews the
 * lease in the database, and when the lease has run out already it stops the create, since another worker may
 * have taken the task over and be creating the same ticket.
 */
final class LeaseFence implements Runnable {

    private final OutboxService outbox;
    private final SyncTask task;
    private final long halfLeaseNanos;
    private long heldSinceNanos;

    LeaseFence(OutboxService outbox, SyncTask task, Duration lease, long claimedAtNanos) {
        this.outbox = outbox;
        this.task = task;
        this.halfLeaseNanos = lease.toNanos() / 2;
        this.heldSinceNanos = claimedAtNanos;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        if (now - heldSinceNanos < halfLeaseNanos) {
            return;
        }
        if (!outbox.renewLease(task)) {
            throw JiraException.of(JiraException.Kind.RATE_LIMITED, "Not sent: the waits for Jira's budget outlasted "
                    + "this worker's lease on task " + task.id + " (jira-sync.dispatch.lease), and another worker may"
                    + " have taken it over", null);
        }
        heldSinceNanos = now;
    }
}
