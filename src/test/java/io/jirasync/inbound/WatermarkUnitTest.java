package io.jirasync.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Which snapshot of an issue is newer than what was applied last, without Quarkus. */
class WatermarkUnitTest {

    private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-01T10:05:00Z");
    private static final Instant D1 = Instant.parse("2026-11-01T10:00:01Z");
    private static final Instant D2 = Instant.parse("2026-11-01T10:00:02Z");

    private static IssueSnapshot updated(Instant updated) {
        return new IssueSnapshot("10001", "OPS-1", "Done", "done", false, null, null, updated, false, "Jira");
    }

    @Test
    void anythingIsNewerThanAnIssueNeverApplied() {
        assertTrue(new Watermark(null, null, null, null).olderThan(updated(null), null));
    }

    @Test
    void jiraUpdatedTimeDecidesFirst() {
        Watermark applied = new Watermark(T2, D1, null, null);
        assertFalse(applied.olderThan(updated(T1), D2), "an older state delivered later changes nothing");
        assertTrue(new Watermark(T1, D2, null, null).olderThan(updated(T2), D1),
                "a newer state delivered earlier still wins");
    }

    @Test
    void onTheSameUpdatedTimeTheLaterDeliveryWins() {
        Watermark applied = new Watermark(T1, D1, null, null);
        assertTrue(applied.olderThan(updated(T1), D2));
        assertFalse(applied.olderThan(updated(T1), D1), "the same delivery again");
    }

    @Test
    void aSearchResultIsNeverNewerThanAnEqualState() {
        assertFalse(new Watermark(T1, D1, null, null).olderThan(updated(T1), null));
        assertFalse(new Watermark(T1, null, null, null).olderThan(updated(null), null));
        assertTrue(new Watermark(T1, null, null, null).olderThan(updated(T2), null));
    }

    @Test
    void theStaleSentenceNamesWhatWasAppliedAndWhatArrived() {
        assertEquals("jira-sync already applied OPS-1 as it was at 2026-11-01T10:05:00Z; this delivery "
                + "(Jira updated 2026-11-01T10:00:00Z) is not newer and changes nothing.",
                InboundDecisions.stale(new Watermark(T2, D1, null, null), updated(T1), D2, "OPS-1"));
        assertEquals("jira-sync already applied OPS-1 as it was at its last delivery; this search result "
                + "(Jira updated null) is not newer and changes nothing.",
                InboundDecisions.stale(new Watermark(null, D1, null, null), updated(null), null, "OPS-1"));
        assertNull(InboundDecisions.stale(new Watermark(T1, D1, null, null), updated(T2), null, "OPS-1"));
    }
}
