package io.jirasync.fingerprint;

import java.time.Instant;
import java.util.Map;

/** One validated error event of the ingest API. */
public record IngestEvent(String fingerprint, String title, Instant timestamp, Map<String, String> attributes,
        String link) {
}
