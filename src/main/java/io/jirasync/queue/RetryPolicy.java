package io.jirasync.queue;

import java.time.Duration;
import java.util.Optional;

/** How often a queued row is tried and how long it waits between tries. */
public record RetryPolicy(int maxAttempts, Backoff backoff) {

    /**
     * After {@code attempts} attempts, of which the last failed: the wait before the next one, or empty when the
     * row has had its last attempt and is given up.
     */
    public Optional<Duration> next(int attempts) {
        return attempts >= maxAttempts ? Optional.empty() : Optional.of(backoff.delay(attempts));
    }
}
