package io.jirasync.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path of {@link PayloadShape#parseInstant} reads what {@link Instant#parse} reads, and refuses the same. */
class PayloadShapeInstantTest {

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-30T08:12:05.112000Z", "2026-11-30T08:12:05Z", "2024-02-29T23:59:59.999999999Z",
            "1970-01-01T00:00:00.1Z", "2026-12-03T15:00:00.000Z", "2016-12-31T23:59:60Z", "2026-11-30T08:12:05+02:00",
            "2026-11-30T08:12:05.1234567891Z", "2026-11-30T08:12:05.Z" })
    void readsWhatInstantParseReads(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            assertThrows(DateTimeParseException.class, () -> PayloadShape.parseInstant(text), text);
            return;
        }
        assertEquals(expected, PayloadShape.parseInstant(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-02-30T08:12:05Z", "2026-13-01T08:12:05Z", "2026-11-30T24:12:05Z",
            "2026-11-3xT08:12:05Z", "-026-11-30T08:12:05Z", "2026-11-30 08:12:05Z" })
    void refusesWhatInstantParseRefuses(String text) {
        assertThrows(DateTimeParseException.class, () -> Instant.parse(text), "Instant.parse refuses " + text);
        assertThrows(DateTimeParseException.class, () -> PayloadShape.parseInstant(text), text);
    }
}
