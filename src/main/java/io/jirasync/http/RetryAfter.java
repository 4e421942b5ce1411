package io.jirasync.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import io.quarkus.logging.Log;

/**
 * The {@code Retry-After} response header (RFC 9110): delay-seconds or an HTTP-date. Read the same way by the Jira
 * client, the outbox and the tracker notifications, so that they agree on when a peer may be asked again.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** When the peer allows the next request, or empty when the value is missing or unreadable. */
    public static Optional<Instant> at(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        try {
            return Optional.of(isSeconds(trimmed) ? now.plusSeconds(Long.parseLong(trimmed))
                    : ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException | ArithmeticException | NumberFormatException unreadable) {
            // Also a number too large for a date: no wait is better than a crash on a peer's odd header.
            Log.debugf("Ignoring unreadable Retry-After %s", trimmed);
            return Optional.empty();
        }
    }

    /** How long to wait from {@code now}: zero for a date already past, empty when missing or unreadable. */
    public static Optional<Duration> delay(String value, Instant now) {
        return at(value, now).map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    }

    /** The delay-seconds to send (or say) for a wait: whole seconds, rounded up, at least 1. */
    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    // RFC 9110 delay-seconds is 1*DIGIT: no sign, no fraction (Long.parseLong alone would take "-5" and "+5").
    private static boolean isSeconds(String value) {
        return value.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
