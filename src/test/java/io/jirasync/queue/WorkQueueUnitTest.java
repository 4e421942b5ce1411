package io.jirasync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The claim statements every queue table shares, without Quarkus. */
class WorkQueueUnitTest {

    private static final WorkQueue OUTBOX = new WorkQueue("sync_task", "t.state = 'pending'", "t.next_attempt_at",
            "t.state = 'running' and t.lease_until < now()", "t.id", "lease_until = now()");

    @Test
    void everyQueueClaimsWithSkipLockedAndCountsTheAttemptUnderItsLease() {
        String claim = OUTBOX.leaseSql(OUTBOX.due(), null, "id");
        assertTrue(claim.startsWith("update sync_task set attempts = attempts + 1, lease_until = now()"), claim);
        assertTrue(claim.contains("where ((t.state = 'pending' and t.next_attempt_at <= now())"
                + " or (t.state = 'running' and t.lease_until < now()))"), claim);
        assertTrue(claim.contains("limit :limit\nfor update of t skip locked"), claim);
        WorkQueue staged = new WorkQueue("ingest_batch", "t.failed_at is null", null, null, "t.id", null);
        assertThrows(IllegalStateException.class, () -> staged.leaseSql(staged.due(), null, "id"));
    }

    @Test
    void aRowAskedForAtOnceIsClaimableBeforeItsTimeButNotWhileLeased() {
        assertEquals("(t.state = 'pending') or (t.state = 'running' and t.lease_until < now())", OUTBOX.claimable());
        WorkQueue staged = new WorkQueue("ingest_batch", "t.failed_at is null", null, null, "t.id", null);
        assertEquals("select t.id from ingest_batch t\nwhere (t.failed_at is null)\n  and (t.id = :id)\norder by t.id"
                + "\nlimit :limit\nfor update of t skip locked", staged.lockSql(staged.due(), "t.id = :id", "t.id"));
    }
}
