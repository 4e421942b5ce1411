package io.jirasync.queue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Retry delays shared by every queue: {@code base} doubled per failed attempt up to {@code max}, with jitter, so
 * that replicas (or rows) that failed together do not come back together.
 */
public record Backoff(Duration base, Duration max, Jitter jitter) {

    /** How much of the doubled delay is left to chance. */
    public enum Jitter {
        /** Anywhere between zero and the delay: spreads retries the most. */
        FULL,
        /** At least half the delay, the other half at random: never retries much sooner than planned. */
        EQUAL
    }

    // 2^30 times any base is beyond any max anyone configures; stops the shift overflowing.
    private static final int MAX_DOUBLINGS = 30;

    public Backoff {
        Objects.requireNonNull(jitter, "jitter");
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("A backoff needs 0 < base <= max, not " + base + " and " + max);
        }
    }

    /** The delay after the {@code attempt}-th failed attempt (1 for the first), with a random jitter. */
    public Duration delay(int attempt) {
        return delay(attempt, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The same with a given source of numbers in [0, 1), so that the delay can be known in advance. */
    public Duration delay(int attempt, DoubleSupplier random) {
        long capped = ceiling(attempt);
        double chance = random.getAsDouble();
        long millis = switch (jitter) {
            case FULL -> (long) (capped * chance);
            case EQUAL -> capped / 2 + (long) ((capped - capped / 2) * chance);
        };
        return Duration.ofMillis(Math.max(1, millis));
    }

    /** The delay before jitter: base doubled {@code attempt - 1} times, never above max. */
    public long ceiling(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), MAX_DOUBLINGS);
        long base = this.base.toMillis();
        long max = this.max.toMillis();
        return base > (max >> doublings) ? max : Math.min(base << doublings, max);
    }
}
