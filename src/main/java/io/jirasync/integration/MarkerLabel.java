package io.jirasync.integration;

import io.jirasync.security.Hashes;

/**
 * The label that marks a ticket as the one of a fingerprint, so that a create whose outcome was lost can find its
 * ticket instead of opening a second one. Derived from the tracker project and the fingerprint (hashed: both may
 * hold characters that read badly in labels, and the pair must not collide).
 */
public final class MarkerLabel {

    /** What every marker label starts with; no label template may produce a label starting with it. */
    public static final String PREFIX = "jira-sync-";

    private MarkerLabel() {
    }

    /** {@code jira-sync-} and 20 hex digits of SHA-256(project NUL fingerprint). */
    public static String of(String project, String fingerprint) {
        return PREFIX + Hashes.sha256Hex(project + "\u0000" + fingerprint).substring(0, 20);
    }

    /** Whether {@code label} could pass for a marker (Jira's label search ignores case, so this does too). */
    public static boolean isReserved(String label) {
        return label.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }
}
