package io.jirasync.fingerprint;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One validated error event of the ingest API. */
public record IngestEvent(@Schema(description = "The error group's id in the tracker (1-512 characters).") String fingerprint,
        @Schema(description = "Title of the error.") String title,
        @Schema(description = "When the error happened (ISO-8601); default: when received.") Instant timestamp,
        @Schema(description = "Attributes such as environment, release or version, name to value.") Map<String, String> attributes,
        @Schema(description = "Link to the error in the tracker.") String link) {
}
