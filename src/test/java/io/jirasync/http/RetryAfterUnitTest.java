package io.jirasync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The one reading of {@code Retry-After} that the Jira client, the outbox and the tracker notifications share. */
class RetryAfterUnitTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void secondsCountFromNow() {
        assertEquals(Optional.of(NOW.plusSeconds(30)), RetryAfter.at("30", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.delay(" 30 ", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.delay("0", NOW));
    }

    @Test
    void anHttpDateIsTheMomentItNames() {
        assertEquals(Optional.of(Instant.parse("2026-11-30T12:02:00Z")),
                RetryAfter.at("Mon, 30 Nov 2026 12:02:00 GMT", NOW));
        assertEquals(Optional.of(Duration.ofMinutes(2)), RetryAfter.delay("Mon, 30 Nov 2026 12:02:00 GMT", NOW));
    }

    @Test
    void aDateAlreadyPastMeansNoWaitRatherThanANegativeOne() {
        assertEquals(Optional.of(Instant.parse("2026-11-30T11:59:00Z")),
                RetryAfter.at("Mon, 30 Nov 2026 11:59:00 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.delay("Mon, 30 Nov 2026 11:59:00 GMT", NOW));
    }

    @Test
    void missingOrUnreadableValuesAreIgnored() {
        for (String junk : new String[] { null, "", "  ", "soon", "-5", "+5", "1.5", "2026-11-30T12:02:00Z",
                "Mon, 30 Nov 2026 25:00:00 GMT", "99999999999999999999", String.valueOf(Long.MAX_VALUE) }) {
            assertEquals(Optional.empty(), RetryAfter.at(junk, NOW), "Retry-After: " + junk);
            assertEquals(Optional.empty(), RetryAfter.delay(junk, NOW), "Retry-After: " + junk);
        }
    }

    @Test
    void aWaitIsSentAsWholeSecondsRoundedUpAndNeverZero() {
        assertEquals(1, RetryAfter.seconds(Duration.ZERO));
        assertEquals(1, RetryAfter.seconds(Duration.ofMillis(1)));
        assertEquals(2, RetryAfter.seconds(Duration.ofMillis(1500)));
        assertEquals(7, RetryAfter.seconds(Duration.ofSeconds(7)));
    }
}
