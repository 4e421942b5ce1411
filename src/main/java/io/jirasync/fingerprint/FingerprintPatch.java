package io.jirasync.fingerprint;

/**
 * A change of a fingerprint's state, assignee or resolved-until version, from the tracker ({@code PATCH}) or
 * from Jira. A null state means "unchanged"; assignee and version change only when their {@code sets...} flag is
 * true (then null clears them).
 */
public record FingerprintPatch(FingerprintState state, boolean setsAssignee, String assignee,
        boolean setsResolvedUntilVersion, String resolvedUntilVersion) {

    /** Only a new state. */
    public static FingerprintPatch state(FingerprintState state) {
        return new FingerprintPatch(state, false, null, false, null);
    }

    /** Whether this patch changes nothing at all. */
    public boolean isEmpty() {
        return state == null && !setsAssignee && !setsResolvedUntilVersion;
    }
}
