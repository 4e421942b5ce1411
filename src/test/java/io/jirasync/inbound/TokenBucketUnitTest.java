package io.jirasync.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The allowance behind the webhook receiver's rate limits. */
class TokenBucketUnitTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketLetsItsCapacityThroughAtOnceThenSaysHowLongToWait() {
        TokenBucket bucket = new TokenBucket(3, Duration.ofSeconds(3), 0);
        for (int i = 0; i < 3; i++) {
            assertTrue(bucket.take(0).isEmpty(), "request " + i);
        }
        assertEquals(Optional.of(Duration.ofSeconds(1)), bucket.take(0));
        assertEquals(Optional.of(Duration.ofMillis(500)), bucket.take(SECOND / 2));
    }

    @Test
    void itRefillsEvenlyOverThePeriodAndNeverBeyondItsCapacity() {
        TokenBucket bucket = new TokenBucket(2, Duration.ofSeconds(2), 0);
        bucket.take(0);
        bucket.take(0);
        assertTrue(bucket.take(SECOND).isEmpty(), "one back after a second");
        assertTrue(bucket.take(SECOND).isPresent());
        long muchLater = 100 * SECOND;
        assertTrue(bucket.take(muchLater).isEmpty());
        assertTrue(bucket.take(muchLater).isEmpty());
        assertTrue(bucket.take(muchLater).isPresent(), "a long pause does not save up more than the capacity");
    }
}
