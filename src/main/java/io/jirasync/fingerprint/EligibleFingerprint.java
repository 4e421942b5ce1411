package io.jirasync.fingerprint;

/** A fingerprint found by {@link FingerprintService#scanEligible}; pass the last {@code id} to get the next batch. */
public record EligibleFingerprint(long id, String project, String fingerprint, String title, FingerprintState state,
        long count) {
}
