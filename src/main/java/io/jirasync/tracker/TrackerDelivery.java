package io.jirasync.tracker;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One webhook delivery of a tracker as it arrived: its headers (names lower-cased), the {@code ?token=} query
 * parameter, the raw body (what signatures cover) and its JSON tree, and when it was received.
 */
public record TrackerDelivery(Map<String, String> headers, String queryToken, byte[] body, JsonNode tree,
        Instant received) {

    /** A header's value, by its name in any case. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
