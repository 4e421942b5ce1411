package io.jirasync.integration;

import io.jirasync.security.Hashes;

/**
 * The label that marks a ticket as the one of a fingerprint, so that a create whose outcome was lost can find its
 * ticket instead of opening a second one. Derived from the tracker project and the fingerprint (hashed: both may
 * hold characters that read badly in labels, and the pair must not collide).
 */
public final class MarkerLabel {

    private MarkerLabel() {
    }

    /** {@code jira-sync-} and 20 hex digits of SHA-256(project NUL fingerprint). */
    public static String of(String project, String fingerprint) {
        return "jira-sync-" + Hashes.sha256Hex(project + "\u0000" + fingerprint).substring(0, 20);
    }
}
