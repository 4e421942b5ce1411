package io.jirasync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The one backoff (and retry policy) of the outbox, the webhook inbox and staged ingest, without Quarkus. */
class BackoffUnitTest {

    private static final Backoff FULL = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10), Backoff.Jitter.FULL);
    private static final Backoff EQUAL = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10),
            Backoff.Jitter.EQUAL);

    @Test
    void theDelayDoublesPerFailedAttemptFromTheBase() {
        assertEquals(5_000, EQUAL.ceiling(1));
        assertEquals(10_000, EQUAL.ceiling(2));
        assertEquals(20_000, EQUAL.ceiling(3));
        assertEquals(320_000, EQUAL.ceiling(7));
        assertEquals(Duration.ofMillis(2_500), FULL.delay(1, () -> 0.5));
        assertEquals(Duration.ofSeconds(5), FULL.delay(2, () -> 0.5));
        assertEquals(Duration.ofSeconds(10), FULL.delay(3, () -> 0.5));
    }

    @Test
    void theDelayNeverPassesTheMaximumHoweverManyAttemptsFailed() {
        assertEquals(600_000, EQUAL.ceiling(8));
        assertEquals(600_000, EQUAL.ceiling(64));
        assertEquals(600_000, EQUAL.ceiling(Integer.MAX_VALUE));
        assertEquals(Duration.ofMinutes(5), FULL.delay(1_000, () -> 0.5));
        assertEquals(Duration.ofMinutes(10), EQUAL.delay(1_000, () -> 1.0));
    }

    @Test
    void fullJitterSpreadsTheDelayBetweenNothingAndTheDoubledDelay() {
        assertEquals(Duration.ofMillis(1), FULL.delay(3, () -> 0.0));
        assertEquals(Duration.ofSeconds(10), FULL.delay(3, () -> 0.5));
        for (int i = 0; i < 1_000; i++) {
            long millis = FULL.delay(3).toMillis();
            assertTrue(millis >= 1 && millis < 20_000, millis + " ms");
        }
    }

    @Test
    void equalJitterKeepsAtLeastHalfTheDoubledDelay() {
        assertEquals(Duration.ofSeconds(10), EQUAL.delay(3, () -> 0.0));
        assertEquals(Duration.ofSeconds(15), EQUAL.delay(3, () -> 0.5));
        for (int i = 0; i < 1_000; i++) {
            long millis = EQUAL.delay(3).toMillis();
            assertTrue(millis >= 10_000 && millis <= 20_000, millis + " ms");
        }
    }

    @Test
    void aBaseAboveTheMaximumOrOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1), Backoff.Jitter.FULL));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ZERO, Duration.ofMinutes(1), Backoff.Jitter.FULL));
    }

    @Test
    void theRetryPolicyGivesUpAfterTheLastAttempt() {
        RetryPolicy policy = new RetryPolicy(3, EQUAL);
        Optional<Duration> afterSecond = policy.next(2);
        assertTrue(afterSecond.isPresent());
        assertTrue(afterSecond.get().toMillis() >= 5_000 && afterSecond.get().toMillis() <= 10_000);
        assertEquals(Optional.empty(), policy.next(3));
    }
}
