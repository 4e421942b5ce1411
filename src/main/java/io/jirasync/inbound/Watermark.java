package io.jirasync.inbound;

import java.time.Instant;

/**
 * What was applied last for an issue. A snapshot is newer by Jira's updated time first, by the delivery time on a
 * tie (a search result, with no delivery time, is never newer than an equal state). {@code statusForeignAt} and
 * {@code assigneeForeignAt} are when someone else's value of the field was last applied.
 */
record Watermark(Instant updated, Instant delivered, Instant statusForeignAt, Instant assigneeForeignAt) {

    /** Whether the snapshot (with its delivery time, null for a search result) is newer than what was applied. */
    boolean olderThan(IssueSnapshot issue, Instant deliveryTimestamp) {
        if (updated == null && delivered == null) {
            return true;
        }
        if (issue.updated() != null && updated != null && !issue.updated().equals(updated)) {
            return issue.updated().isAfter(updated);
        }
        if (issue.updated() == null && updated != null && deliveryTimestamp == null) {
            return false;
        }
        return deliveryTimestamp != null && (delivered == null || deliveryTimestamp.isAfter(delivered));
    }
}
