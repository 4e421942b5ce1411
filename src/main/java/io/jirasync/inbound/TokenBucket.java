package io.jirasync.inbound;

import java.time.Duration;
import java.util.Optional;

/**
 * An allowance of {@code capacity} requests, refilled evenly over {@code period}: a full bucket lets {@code capacity}
 * requests through at once, and after that one per {@code period / capacity}. Times are {@link System#nanoTime()}.
 */
final class TokenBucket {

    private final int capacity;
    private final long periodNanos;
    private double tokens;
    private long at;

    TokenBucket(int capacity, Duration period, long now) {
        this.capacity = capacity;
        this.periodNanos = period.toNanos();
        this.tokens = capacity;
        this.at = now;
    }

    /** Takes one request's token: empty when there was one, otherwise how long until there is. */
    synchronized Optional<Duration> take(long now) {
        if (now > at) {
            tokens = Math.min(capacity, tokens + (now - at) * (double) capacity / periodNanos);
            at = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) * periodNanos / capacity)));
    }
}
