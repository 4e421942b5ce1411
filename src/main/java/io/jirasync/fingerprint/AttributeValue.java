package io.jirasync.fingerprint;

import java.time.Instant;

/** One value of an attribute with how many events carried it and when last. */
public record AttributeValue(String value, long count, Instant lastSeen) {
}
