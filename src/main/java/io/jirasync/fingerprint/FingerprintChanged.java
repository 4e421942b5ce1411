package io.jirasync.fingerprint;

import java.util.Set;

/**
 * Fired (CDI event) when the tracker changes a fingerprint's state or assignee ({@code PATCH}) or ingest
 * reopens it as a regression. Observe it with {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to act
 * only once the change is committed.
 *
 * @param changes what changed
 * @param state the state after the change
 * @param assignee the assignee after the change (null: nobody)
 * @param regressionVersion for a regression, the version of the event that reopened it, else null
 * @param eventCount the fingerprint's event count after the change
 */
public record FingerprintChanged(String project, String fingerprint, Set<Change> changes, FingerprintState state,
        String assignee, String regressionVersion, long eventCount) {

    /** One kind of change. */
    public enum Change {
        STATE,
        ASSIGNEE,
        RESOLVED_UNTIL_VERSION,
        REGRESSION
    }

    /** Whether this change is a regression (an event at or above the resolved-until version). */
    public boolean isRegression() {
        return changes.contains(Change.REGRESSION);
    }
}
