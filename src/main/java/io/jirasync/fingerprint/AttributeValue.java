package io.jirasync.fingerprint;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One value of an attribute with how many events carried it and when last. */
public record AttributeValue(@Schema(description = "One value of the attribute.") String value,
        @Schema(description = "Events that carried this value.") long count,
        @Schema(description = "When an event last carried it.") Instant lastSeen) {
}
