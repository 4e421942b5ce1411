package io.jirasync.outbound;

import java.time.Duration;

import io.jirasync.jira.JiraConfig;

/**
 * How many claimed tasks a replica runs at once, from Little's law: to keep the Jira budget B busy, about
 * B x (a task's own time) tasks must be under way. A task's own time is its wall time less what it waited for the
 * budget (waiting is the budget's doing, not latency; counting it would grow the concurrency without end). The
 * estimate is a moving average; the result has half as much again plus one as headroom for the spread of
 * latencies, and is capped by {@code jira-sync.dispatch.concurrency}. More replicas each size themselves the same
 * way; the shared budget, not this number, keeps their sum within B.
 */
final class AdaptiveConcurrency {

    /** Before any task has run: a round trip plus the task's database work, as measured here (performance.md). */
    static final Duration INITIAL_ESTIMATE = Duration.ofMillis(50);
    private static final double WEIGHT = 0.2;
    private static final double HEADROOM = 1.5;

    private final JiraConfig jira;
    private final int max;
    private volatile double seconds = INITIAL_ESTIMATE.toNanos() / 1e9;

    AdaptiveConcurrency(JiraConfig jira, int max) {
        this.jira = jira;
        this.max = Math.max(1, max);
    }

    /** Records one task's own time (wall time less budget waits). */
    synchronized void observe(Duration own) {
        double s = Math.max(0, own.toNanos() / 1e9);
        seconds = seconds + WEIGHT * (s - seconds);
    }

    /** Tasks to run at once now: ceil(B x own time x 1.5) + 1, within 1 and the configured upper bound. */
    int limit() {
        int budget = Math.max(1, jira.budget().requestsPerSecond());
        long wanted = (long) Math.ceil(budget * seconds * HEADROOM) + 1;
        return (int) Math.max(1, Math.min(max, wanted));
    }

    /** The current estimate of a task's own time. */
    Duration ownTime() {
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
