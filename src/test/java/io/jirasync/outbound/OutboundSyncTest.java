package io.jirasync.outbound;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.TRACKER;
import static io.jirasync.outbound.OutboundFixture.ingest;
import static io.jirasync.outbound.OutboundFixture.received;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.jirasync.outbound.OutboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jirasync.fingerprint.FingerprintService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Tracker-side state and assignee changes and regressions, pushed to the sandbox Jira by the whole worker. */
@QuarkusTest
class OutboundSyncTest {

    /** The two Jira deployments the worker speaks to, as the sandbox plays them. */
    enum Flavour {
        CLOUD("cloud", 3, "jira-sync@example.com"),
        SERVER("server", 2, "jira-sync");

        final String name;
        final int api;
        final String user;

        Flavour(String name, int api, String user) {
            this.name = name;
            this.api = api;
            this.user = user;
        }

        String issuePath(String key) {
            return sandbox() + "/rest/api/" + api + "/issue/" + key;
        }

        String counter(String method, String template) {
            return method + " /rest/api/" + api + template;
        }
    }

    /** What a regression of the fingerprint of {@link #regress} says on the ticket. */
    static final String REGRESSION_COMMENT = "Regression: this error came back in version 2.4.0 after it was"
            + " resolved until 2.3.0; 2 events seen in all.";

    static final String TEAM = "\"customFields\": [{\"field\": \"Team\", \"value\": \"backend\"}]";

    @Inject
    DispatchJob dispatcher;
    @Inject
    RulesJob rules;
    @Inject
    FingerprintService fingerprints;
    @Inject
    EntityManager em;

    @BeforeEach
    void forgetOtherTestsUnfinishedTasks() {
        QuarkusTransaction.requiringNew().run(() -> em
                .createNativeQuery("update sync_task set state = 'failed' where state in ('pending', 'running')")
                .executeUpdate());
    }

    private void drain() {
        while (dispatcher.dispatchOnce() > 0) {
            // until nothing is due
        }
    }

    private static void integration(Flavour flavour, String project, String extra) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("""
                {"jira": {"url": "%s", "deployment": "%s", "apiVersion": %d,
                          "auth": {"type": "basic", "user": "%s", "token": "sandbox-api-token"}},
                 "projectKey": "DEMO", %s %s}""".formatted(sandbox(), flavour.name, flavour.api, flavour.user, TEAM,
                extra))
                .put("/api/v1/integrations/" + project).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** A fresh sandbox, an integration and one fingerprint (version 2.2.0) with its ticket; returns the key. */
    private String linkedFingerprint(Flavour flavour, String project, String fingerprint, String extra) {
        resetSandbox(flavour.name);
        integration(flavour, project, extra);
        ingest(project, List.of(fingerprint), 1, Map.of("version", "2.2.0"));
        fingerprints.foldStaged();
        return given().auth().oauth2(ADMIN).post("/api/v1/projects/" + project + "/fingerprints/" + fingerprint
                + "/ticket").then().statusCode(201).extract().path("jira.key");
    }

    private static void patch(String project, String fingerprint, String body) {
        given().auth().oauth2(TRACKER).contentType(ContentType.JSON).body(body)
                .patch("/api/v1/projects/" + project + "/fingerprints/" + fingerprint).then().statusCode(200);
    }

    private static JsonPath issue(Flavour flavour, String key) {
        return given().auth().basic(flavour.user, "sandbox-api-token").get(flavour.issuePath(key)).then()
                .statusCode(200).extract().jsonPath();
    }

    /** Comments as plain text (REST v2 answers wiki text on both flavours). */
    private static List<String> comments(Flavour flavour, String key) {
        return given().auth().basic(flavour.user, "sandbox-api-token")
                .get(sandbox() + "/rest/api/2/issue/" + key + "/comment").then().statusCode(200).extract()
                .path("comments.body");
    }

    private static JsonPath syncLog(String project, String fingerprint) {
        return given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project + "/sync-log?fingerprint="
                + fingerprint).then().statusCode(200).extract().jsonPath();
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void resolvingMovesTheTicketToDoneWithAResolutionAndReopeningBringsItBack(Flavour flavour) {
        String project = "state-" + flavour.name;
        String key = linkedFingerprint(flavour, project, "npe", "");

        patch(project, "npe", "{\"state\": \"resolved\"}");
        drain();
        JsonPath done = issue(flavour, key);
        assertEquals("Done", done.getString("fields.status.name"));
        assertEquals("Done", done.getString("fields.resolution.name"), "the Done transition's screen needs one");
        assertTrue(syncLog(project, "npe").getString("entries[0].message")
                .startsWith("Moved " + key + " from To Do to Done (transition 'Done', resolution Done)"));
        given().auth().oauth2(ADMIN).get("/api/v1/projects/" + project + "/fingerprints/npe").then()
                .body("jira.status", equalTo("Done"));

        patch(project, "npe", "{\"state\": \"open\"}");
        drain();
        JsonPath reopened = issue(flavour, key);
        assertEquals("To Do", reopened.getString("fields.status.name"));
        assertNull(reopened.get("fields.resolution"));
        assertEquals(2, received(flavour.counter("POST", "/issue/{issueIdOrKey}/transitions")));
    }

    @Test
    void aNamedStatusIsTheTargetAndAStateNoTransitionReachesFailsNamingWhatIsAvailable() {
        Flavour flavour = Flavour.CLOUD;
        String key = linkedFingerprint(flavour, "named", "npe",
                ", \"statusMapping\": {\"outbound\": {\"ignored\": \"Won't Do\", \"in_progress\": \"Review\"}}");
        patch("named", "npe", "{\"state\": \"ignored\"}");
        drain();
        assertEquals("Won't Do", issue(flavour, key).getString("fields.status.name"));

        patch("named", "npe", "{\"state\": \"in_progress\"}");
        drain();
        JsonPath log = syncLog("named", "npe");
        assertEquals("failed", log.getString("entries[0].outcome"));
        assertEquals(key + " is in Won't Do and no transition available to jira-sync@example.com leads to status"
                + " Review (for tracker state in_progress); available: 'Reopen' -> To Do.",
                log.getString("entries[0].message"));
        assertEquals("Won't Do", issue(flavour, key).getString("fields.status.name"));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void quickSuccessiveChangesCollapseIntoTheLatestAndSendNoStaleTransition(Flavour flavour) {
        String project = "burst-" + flavour.name;
        String key = linkedFingerprint(flavour, project, "npe", "");
        String transitions = flavour.counter("POST", "/issue/{issueIdOrKey}/transitions");

        patch(project, "npe", "{\"state\": \"in_progress\"}");
        patch(project, "npe", "{\"state\": \"resolved\"}");
        patch(project, "npe", "{\"state\": \"open\"}");
        drain();
        assertEquals("To Do", issue(flavour, key).getString("fields.status.name"));
        assertEquals(0, received(transitions), "the ticket was already in To Do: no transition at all");
        JsonPath log = syncLog(project, "npe");
        assertEquals("skipped", log.getString("entries[0].outcome"));
        assertEquals(key + " is already in To Do (the tracker state is open); nothing sent.",
                log.getString("entries[0].message"));
        assertEquals(1, log.getList("entries.findAll { it.action == 'transition' && it.outcome != 'queued' }").size(),
                "the three changes ran as one task");

        patch(project, "npe", "{\"state\": \"in_progress\"}");
        patch(project, "npe", "{\"state\": \"open\"}");
        patch(project, "npe", "{\"state\": \"resolved\"}");
        drain();
        assertEquals("Done", issue(flavour, key).getString("fields.status.name"));
        assertEquals(1, received(transitions), "one transition for the one final state");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void assigneesAreFoundByTheUsersTableThenByEmailAndAnUnknownUserAssignsNobody(Flavour flavour) {
        String project = "assign-" + flavour.name;
        String benJira = flavour == Flavour.CLOUD ? "60e5a86a471e61006a4a41e7" : "ben";
        String idField = flavour == Flavour.CLOUD ? "accountId" : "name";
        String key = linkedFingerprint(flavour, project, "npe",
                ", \"users\": [{\"tracker\": \"benny@tracker.example\", \"jira\": \"" + benJira + "\"}]");
        String assigns = flavour.counter("PUT", "/issue/{issueIdOrKey}/assignee");

        patch(project, "npe", "{\"assignee\": \"nobody@example.com\"}");
        drain();
        JsonPath log = syncLog(project, "npe");
        assertEquals("failed", log.getString("entries[0].outcome"));
        assertTrue(log.getString("entries[0].message").startsWith("Tracker user nobody@example.com is not in the"
                + " users table and Jira shows no active user with that e-mail"), log.getString("entries[0].message"));
        assertNull(issue(flavour, key).get("fields.assignee"), "nobody was assigned");
        assertEquals(0, received(assigns));

        patch(project, "npe", "{\"assignee\": \"ana@example.com\"}");
        drain();
        assertEquals("ana@example.com", issue(flavour, key).getString("fields.assignee.emailAddress"));
        assertTrue(syncLog(project, "npe").getString("entries[0].message").endsWith(", found by e-mail)."));

        patch(project, "npe", "{\"assignee\": \"benny@tracker.example\"}");
        drain();
        assertEquals(benJira, issue(flavour, key).getString("fields.assignee." + idField));
        assertEquals("Assigned " + key + " to benny@tracker.example (" + benJira + ", from the users table).",
                syncLog(project, "npe").getString("entries[0].message"));

        patch(project, "npe", "{\"assignee\": null}");
        drain();
        assertNull(issue(flavour, key).get("fields.assignee"));
        assertEquals(3, received(assigns));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void anEmailJiraHidesIsNotFoundOnCloudButIsOnServer(Flavour flavour) {
        String project = "hidden-" + flavour.name;
        String key = linkedFingerprint(flavour, project, "npe", "");
        patch(project, "npe", "{\"assignee\": \"ben@example.com\"}");
        drain();
        if (flavour == Flavour.CLOUD) {
            assertEquals("failed", syncLog(project, "npe").getString("entries[0].outcome"));
            assertNull(issue(flavour, key).get("fields.assignee"));
        } else {
            assertEquals("ben", issue(flavour, key).getString("fields.assignee.name"));
        }
    }

    @Test
    void theWorkersOwnWritesAreInTheLedger() {
        Flavour flavour = Flavour.CLOUD;
        String key = linkedFingerprint(flavour, "ledger", "npe", "");
        patch("ledger", "npe", "{\"state\": \"resolved\", \"assignee\": \"ana@example.com\"}");
        drain();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select field, value from jira_write where project = 'ledger' and issue_key = ?1 order by id")
                .setParameter(1, key).getResultList());
        assertEquals(List.of("status=Done", "assignee=5d53f3cbc6b9320d9ea5bdc2"),
                rows.stream().map(r -> r[0] + "=" + r[1]).toList());
    }

    @Test
    void switchedOffOutboundSyncQueuesNothing() {
        Flavour flavour = Flavour.CLOUD;
        String key = linkedFingerprint(flavour, "quiet", "npe",
                ", \"sync\": {\"outbound\": {\"state\": false, \"assignee\": false}}");
        patch("quiet", "npe", "{\"state\": \"resolved\", \"assignee\": \"ana@example.com\"}");
        drain();
        JsonPath jira = issue(flavour, key);
        assertEquals("To Do", jira.getString("fields.status.name"));
        assertNull(jira.get("fields.assignee"));
        assertEquals(0, received(flavour.counter("POST", "/issue/{issueIdOrKey}/transitions")));
    }

    /** Resolves the fingerprint until 2.3.0 (the ticket goes to Done), then an event of 2.4.0 comes in. */
    private String regress(Flavour flavour, String project, String policy) {
        String key = linkedFingerprint(flavour, project, "npe", ", \"onRegression\": \"" + policy + "\"");
        patch(project, "npe", "{\"state\": \"resolved\", \"resolvedUntilVersion\": \"2.3.0\"}");
        drain();
        assertEquals("Done", issue(flavour, key).getString("fields.status.name"));
        ingest(project, List.of("npe"), 1, Map.of("version", "2.4.0"));
        fingerprints.foldStaged();
        drain();
        return key;
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aRegressionReopensTheTicketWithACommentByDefault(Flavour flavour) {
        String key = regress(flavour, "regress-" + flavour.name, "reopen");
        assertEquals("To Do", issue(flavour, key).getString("fields.status.name"));
        assertEquals(List.of(REGRESSION_COMMENT), comments(flavour, key));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void theCommentPolicyCommentsAndLeavesTheStatus(Flavour flavour) {
        String key = regress(flavour, "regress-comment-" + flavour.name, "comment");
        assertEquals("Done", issue(flavour, key).getString("fields.status.name"));
        assertEquals(List.of(REGRESSION_COMMENT), comments(flavour, key));
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void theNewTicketPolicyLinksAFreshTicketThatMentionsTheOldOne(Flavour flavour) {
        String project = "regress-new-" + flavour.name;
        String old = regress(flavour, project, "new-ticket");
        String fresh = given().auth().oauth2(ADMIN).get("/api/v1/projects/" + project + "/fingerprints/npe").then()
                .statusCode(200).body("state", equalTo("open")).extract().path("jira.key");
        assertNotEquals(old, fresh);
        assertEquals(2, OutboundFixture.issuesInSandbox());
        assertEquals("Done", issue(flavour, old).getString("fields.status.name"), "the old ticket stays");
        String description = given().auth().basic(flavour.user, "sandbox-api-token")
                .get(sandbox() + "/rest/api/2/issue/" + fresh).then().statusCode(200).extract()
                .path("fields.description");
        assertTrue(description.contains("tracked before in " + old), description);
        assertTrue(description.contains("version 2.4.0"), description);
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project + "/sync-log?fingerprint=npe").then()
                .body("entries.find { it.action == 'unlink' }.message", containsString("unlinked from " + old));
    }

    @Test
    void aChangeWhileTheTicketIsStillQueuedIsSentAfterTheCreate() {
        Flavour flavour = Flavour.CLOUD;
        resetSandbox(flavour.name);
        integration(flavour, "early", ", \"rules\": {\"autoCreate\": true}");
        ingest("early", List.of("npe"), 1, Map.of());
        fingerprints.foldStaged();
        assertEquals(1, rules.runOnce());
        patch("early", "npe", "{\"state\": \"resolved\", \"assignee\": \"ana@example.com\"}");
        drain();
        String key = given().auth().oauth2(ADMIN).get("/api/v1/projects/early/fingerprints/npe").then()
                .statusCode(200).extract().path("jira.key");
        JsonPath jira = issue(flavour, key);
        assertEquals("Done", jira.getString("fields.status.name"));
        assertEquals("ana@example.com", jira.getString("fields.assignee.emailAddress"));
    }

    @Test
    void writesToOneIssueWaitForJirasPerIssueLimitAndAllLand() {
        Flavour flavour = Flavour.CLOUD;
        String key = linkedFingerprint(flavour, "slow", "npe", "");
        OutboundFixture.control(Map.of("writesPerIssuePerSecond", 1));
        patch("slow", "npe", "{\"state\": \"resolved\", \"assignee\": \"ana@example.com\"}");
        drain();
        JsonPath jira = issue(flavour, key);
        assertEquals("Done", jira.getString("fields.status.name"));
        assertEquals("ana@example.com", jira.getString("fields.assignee.emailAddress"));
        JsonPath log = syncLog("slow", "npe");
        assertEquals(List.of("done", "done"), log.getList(
                "entries.findAll { it.outcome != 'queued' && it.action in ['transition', 'assign'] }.outcome"));
    }

}
