package io.jirasync.fingerprint;

import java.time.Instant;
import java.util.Set;

/** Filters of the fingerprint list: states (empty: any), linked to Jira or not (null: both), updated since. */
public record FingerprintFilter(Set<FingerprintState> states, Boolean linked, Instant updatedSince) {
}
