package io.jirasync.outbound;

import java.time.Duration;

/** How one run of a task ended; every outcome carries the sentence the sync log shows. */
public sealed interface TaskOutcome {

    /** The sentence for the sync log. */
    String message();

    /** The task did what it was for. */
    record Done(String message, String jiraKey) implements TaskOutcome {
    }

    /** Nothing was needed (already in the target status, ...): finished without a call that writes. */
    record Skipped(String message, String jiraKey) implements TaskOutcome {
    }

    /**
     * Try again later (429, 5xx, I/O), not before {@code notBefore}. {@code reachedJira} false means nothing was
     * sent (open circuit breaker, budget wait too long): such a run does not count as an attempt.
     */
    record Retry(String message, Integer status, Duration notBefore, boolean reachedJira) implements TaskOutcome {
    }

    /**
     * Jira's quota for the site is used up until {@code until}: the task goes back to the outbox until then without
     * using an attempt, and writes no sync-log line of its own. The one line about the pause is written by the task
     * whose answer started it ({@code announce}).
     */
    record Waiting(String message, java.time.Instant until, boolean announce) implements TaskOutcome {
    }

    /** Will not succeed by retrying (a 4xx, a missing mapping): an admin must act, then retry it. */
    record Failed(String message, Integer status) implements TaskOutcome {
    }
}
