package io.jirasync.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.integration.IntegrationSettings;
import io.jirasync.integration.IntegrationSettings.Inbound;

/** The inbound side's per-field decisions and their sync-log sentences, without Quarkus or a database. */
class InboundDecisionsUnitTest {

    private static final JiraPerson ANA = new JiraPerson("5b10ac8d", null, null, "Ana");

    private static IntegrationSettings settings(Inbound inbound, Map<String, String> byStatusName,
            List<IntegrationSettings.UserMapping> users) {
        return new IntegrationSettings(null, "OPS", null, null, null, null, null, null, null,
                new IntegrationSettings.Sync(null, inbound), new IntegrationSettings.StatusMapping(byStatusName, null),
                users, null, null, null, null, null, null);
    }

    private static final IntegrationSettings ALL_ON = settings(new Inbound(true, true, true), Map.of("Won't Do",
            "ignored"), List.of(new IntegrationSettings.UserMapping("ana@acme.com", "5b10ac8d")));
    private static final IntegrationSettings ALL_OFF = settings(new Inbound(false, false, false), null, null);

    private static IssueSnapshot status(String name, String category) {
        return new IssueSnapshot("10001", "OPS-1", name, category, false, null, null, null, false, "Jira");
    }

    private static IssueSnapshot assigned(JiraPerson person) {
        return new IssueSnapshot("10001", "OPS-1", null, null, true, person, null, null, false, "Jira");
    }

    private static IssueSnapshot fixed(String category, List<String> versions) {
        return new IssueSnapshot("10001", "OPS-1", "Done", category, false, null, versions, null, false, "Jira");
    }

    @Test
    void theStateFollowsTheStatusCategoryUnlessTheStatusNameIsMapped() {
        assertEquals(InboundDecisions.Change.set(FingerprintState.RESOLVED),
                InboundDecisions.state(ALL_ON, status("Done", "done"), "OPS-1", () -> false));
        assertEquals(InboundDecisions.Change.set(FingerprintState.IN_PROGRESS),
                InboundDecisions.state(ALL_ON, status("In Review", "indeterminate"), "OPS-1", () -> false));
        assertEquals(InboundDecisions.Change.set(FingerprintState.IGNORED),
                InboundDecisions.state(ALL_ON, status("won't do", "done"), "OPS-1", () -> false));
    }

    @Test
    void aStatusWithNoCategoryAndNoMappingLeavesTheStateWithASentence() {
        InboundDecisions.Change<FingerprintState> change = InboundDecisions.state(ALL_ON, status("Limbo", null),
                "OPS-1", () -> false);
        assertFalse(change.sets());
        assertEquals("Status Limbo has no known status category and no entry in statusMapping.inbound: the state is "
                + "left as it is.", change.sentence());
    }

    @Test
    void ourOwnStatusComingBackIsAnEchoAndNotApplied() {
        InboundDecisions.Change<FingerprintState> change = InboundDecisions.state(ALL_ON, status("Done", "done"),
                "OPS-1", () -> true);
        assertFalse(change.sets());
        assertTrue(change.echo());
        assertEquals("Status Done is what jira-sync itself wrote to OPS-1: not applied back.", change.sentence());
    }

    @Test
    void switchedOffFieldsAreNotAppliedAndTheLedgerIsNotAsked() {
        assertEquals("Inbound state sync is off: status Done not applied.", InboundDecisions.state(ALL_OFF,
                status("Done", "done"), "OPS-1", () -> fail("asked the ledger")).sentence());
        assertEquals("Inbound assignee sync is off: the assignee is not applied.", InboundDecisions.assignee(ALL_OFF,
                assigned(ANA), "OPS-1", value -> fail("asked the ledger")).sentence());
        assertEquals("Inbound fix-version sync is off: resolved-until is not applied.",
                InboundDecisions.resolvedUntil(ALL_OFF, fixed("done", List.of("2.0")), false).sentence());
    }

    @Test
    void aSnapshotWithoutAFieldDecidesNothingForIt() {
        IssueSnapshot nothing = new IssueSnapshot("10001", "OPS-1", null, null, false, null, null, null, false, "x");
        assertEquals(InboundDecisions.Change.none(), InboundDecisions.state(ALL_ON, nothing, "OPS-1", () -> true));
        assertEquals(InboundDecisions.Change.none(), InboundDecisions.assignee(ALL_ON, nothing, "OPS-1", v -> true));
        assertEquals(InboundDecisions.Change.none(), InboundDecisions.resolvedUntil(ALL_ON, nothing, false));
    }

    @Test
    void theAssigneeIsTheMappedTrackerUserOrNobody() {
        assertEquals(InboundDecisions.Change.set("ana@acme.com"),
                InboundDecisions.assignee(ALL_ON, assigned(ANA), "OPS-1", value -> false));
        assertEquals(InboundDecisions.Change.set(null),
                InboundDecisions.assignee(ALL_ON, assigned(null), "OPS-1", value -> false));
        assertEquals(InboundDecisions.Change.set("ben@acme.com"), InboundDecisions.assignee(ALL_ON,
                assigned(new JiraPerson("77aa", null, "ben@acme.com", "Ben")), "OPS-1", value -> false));
    }

    @Test
    void aJiraUserWithoutTrackerUserLeavesTheAssigneeWithASentence() {
        InboundDecisions.Change<String> change = InboundDecisions.assignee(ALL_ON,
                assigned(new JiraPerson("99zz", null, null, "Carla")), "OPS-1", value -> false);
        assertFalse(change.sets());
        assertEquals("Jira user Carla (99zz) has no tracker user in the users mapping and Jira shows no e-mail for "
                + "them: the assignee is left as it is.", change.sentence());
    }

    @Test
    void ourOwnAssigneeIsRecognisedByIdAndOnCloudAlsoByName() {
        List<String> asked = new ArrayList<>();
        JiraPerson both = new JiraPerson("5b10ac8d", "ana", null, "Ana");
        InboundDecisions.Change<String> change = InboundDecisions.assignee(ALL_ON, assigned(both), "OPS-1",
                value -> asked.add(value) && "ana".equals(value));
        assertEquals(List.of("5b10ac8d", "ana"), asked);
        assertTrue(change.echo());
        assertEquals("The assignee of OPS-1 is what jira-sync itself set: not applied back.", change.sentence());
        assertTrue(InboundDecisions.assignee(ALL_ON, assigned(null), "OPS-1", value -> value == null).echo());
    }

    @Test
    void aDoneTicketIsResolvedUntilItsHighestFixVersionNumericAware() {
        assertEquals(InboundDecisions.Change.set("1.10.0"),
                InboundDecisions.resolvedUntil(ALL_ON, fixed("done", List.of("1.9.2", "1.10.0", "1.2")), false));
        assertEquals(InboundDecisions.Change.none(),
                InboundDecisions.resolvedUntil(ALL_ON, fixed("done", List.of()), false));
    }

    @Test
    void aReopenedTicketClearsResolvedUntilUnlessTheReopenIsOurEcho() {
        assertEquals(InboundDecisions.Change.set(null),
                InboundDecisions.resolvedUntil(ALL_ON, fixed("indeterminate", List.of("2.0")), false));
        assertEquals(InboundDecisions.Change.none(),
                InboundDecisions.resolvedUntil(ALL_ON, fixed("new", List.of()), true));
        assertEquals(InboundDecisions.Change.none(), InboundDecisions.resolvedUntil(ALL_ON, fixed(null, List.of()),
                false));
    }

    @Test
    void appliedChangesReadAsTheSyncLogShowsThem() {
        assertEquals("Status Done of OPS-1: state open -> resolved.", InboundDecisions.stateChanged(
                status("Done", "done"), "OPS-1", FingerprintState.OPEN, FingerprintState.RESOLVED));
        assertEquals("Assignee nobody -> ana@acme.com.", InboundDecisions.assigneeChanged(null, "ana@acme.com"));
        assertEquals("Assignee ana@acme.com -> nobody.", InboundDecisions.assigneeChanged("ana@acme.com", null));
        assertEquals("Resolved until 2.0, the highest fix version of OPS-1 [1.0, 2.0].", InboundDecisions
                .resolvedUntilChanged(fixed("done", List.of("1.0", "2.0")), "OPS-1", null, "2.0"));
        assertEquals("Resolved-until 2.0 cleared: OPS-1 is not done any more.", InboundDecisions
                .resolvedUntilChanged(fixed("new", List.of()), "OPS-1", "2.0", null));
        assertEquals("Jira issue OPS-1 (Done, from Jira) matches the fingerprint already: nothing changed.",
                InboundDecisions.unchanged(status("Done", "done"), "OPS-1"));
    }

    @Test
    void aTimeMoreThanFiveMinutesAheadIsTakenAsNowAndSaysSo() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        Instant year9999 = Instant.parse("9999-12-31T23:59:59Z");
        assertEquals(now, InboundDecisions.notInTheFuture(year9999, now));
        assertEquals(now, InboundDecisions.notInTheFuture(now.plusSeconds(301), now));
        assertEquals(now.plusSeconds(300), InboundDecisions.notInTheFuture(now.plusSeconds(300), now),
                "clocks a little ahead are left alone");
        assertEquals(now.minusSeconds(60), InboundDecisions.notInTheFuture(now.minusSeconds(60), now));
        assertNull(InboundDecisions.notInTheFuture(null, now));
        assertEquals("Jira's updated time of OPS-1 9999-12-31T23:59:59Z is more than 5 minutes in the future: taken as "
                + "2026-12-01T10:00:00Z.", InboundDecisions.takenAsNow("Jira's updated time of OPS-1", year9999, now));
    }

    @Test
    void aNewStatusNameAloneIsNewsForTheTrackerUnlessItIsOurEchoOrTheStateChanged() {
        assertTrue(InboundDecisions.onlyStatusNameChanged(status("In Review", "indeterminate"), "In Progress", false,
                List.of()));
        assertFalse(InboundDecisions.onlyStatusNameChanged(status("In Review", "indeterminate"), "In Progress", true,
                List.of()));
        assertFalse(InboundDecisions.onlyStatusNameChanged(status("Done", "done"), "In Progress", false,
                List.of("state")));
        assertFalse(InboundDecisions.onlyStatusNameChanged(status("Done", "done"), "Done", false, List.of()));
        assertNull(InboundDecisions.state(ALL_ON, status(null, null), "OPS-1", () -> true).sentence());
    }
}
