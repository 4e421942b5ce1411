package io.jirasync.inbound;

import static io.jirasync.inbound.InboundFixture.ADMIN;
import static io.jirasync.inbound.InboundFixture.api;
import static io.jirasync.inbound.InboundFixture.event;
import static io.jirasync.inbound.InboundFixture.fingerprint;
import static io.jirasync.inbound.InboundFixture.integration;
import static io.jirasync.inbound.InboundFixture.jiraAs;
import static io.jirasync.inbound.InboundFixture.moveTo;
import static io.jirasync.inbound.InboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.integration.IntegrationService;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.dto.Transition;
import io.jirasync.outbound.DispatchJob;
import io.jirasync.outbound.JiraWriteLedger;
import io.jirasync.outbound.RulesJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The whole loop on the sandbox: ticket out, Jira changes back by signed webhooks, tracker told, echoes quiet. */
@QuarkusTest
class InboundLoopTest {

    static final String ANA = "5d53f3cbc6b9320d9ea5bdc2";
    static final String TICKETS = """
            , "rules": {"autoCreate": true, "minEvents": 1},
              "customFields": [{"field": "Team", "value": "backend"}]""";

    @Inject
    FingerprintService fingerprints;
    @Inject
    RulesJob rules;
    @Inject
    DispatchJob dispatcher;
    @Inject
    InboxJob inbox;
    @Inject
    ReconcileJob reconciler;
    @Inject
    IntegrationService integrations;
    @Inject
    JiraClient jira;
    @Inject
    JiraWriteLedger ledger;
    @Inject
    EntityManager em;

    @BeforeEach
    void forgetOtherTestsWork() {
        InboundFixture.forgetOtherTestsWorkOnCloud(em);
    }

    private void dispatch() {
        while (dispatcher.dispatchOnce() > 0) {
            // until nothing is due
        }
    }

    private void processInbox() {
        while (inbox.processOnce() > 0) {
            // until nothing is pending
        }
    }

    private long inboxRows(String project) {
        return InboundFixture.inboxRows(em, project);
    }

    private void awaitInbox(String project, long rows) {
        InboundFixture.awaitInbox(em, project, rows);
    }

    private long notifyTasks(String project) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from sync_task where project = ?1 and kind = 'notify'").setParameter(1, project)
                .getSingleResult()).longValue());
    }

    @Test
    void doneWithFixVersionResolvesUntilItTheTrackerIsToldAndTheWorkersOwnReopenStaysQuiet() throws Exception {
        try (TrackerReceiver tracker = new TrackerReceiver("tracker-secret")) {
            integration("loop", "cloud", TICKETS + """
                    , "webhookSecret": "hook-secret",
                      "users": [{"tracker": "ana@tracker.example.com", "jira": "%s"}],
                      "tracker": {"callbackUrl": "%s", "secret": "tracker-secret"}""".formatted(ANA, tracker.url()));
            given().contentType(ContentType.JSON).body(Map.of("url", "http://localhost:" + io.restassured.RestAssured.port
                    + "/webhooks/jira/loop", "secret", "hook-secret", "projects", List.of("DEMO")))
                    .post(sandbox() + "/_control/webhooks").then().statusCode(201);

            // The ticket is created by the job.
            event("loop", List.of("crash"), Map.of("version", "1.0"));
            fingerprints.foldStaged();
            assertEquals(1, rules.runOnce());
            dispatch();
            String key = fingerprint("loop", "crash").getString("jira.key");
            awaitInbox("loop", 1);

            // Someone resolves it in Jira with fix version 2.0.
            Instant beforeJira = Instant.now();
            jiraAs("ana").body("{\"fields\": {\"fixVersions\": [{\"name\": \"2.0\"}]}}")
                    .put(api("cloud") + "/issue/" + key).then().statusCode(204);
            jiraAs("ana").body("{\"accountId\": \"" + ANA + "\"}").put(api("cloud") + "/issue/" + key + "/assignee")
                    .then().statusCode(204);
            moveTo("ana", "cloud", key, "Done");
            awaitInbox("loop", 4);
            processInbox();

            JsonPath fp = fingerprint("loop", "crash");
            assertEquals("resolved", fp.getString("state"));
            assertEquals("2.0", fp.getString("resolvedUntilVersion"));
            assertEquals("ana@tracker.example.com", fp.getString("assignee"));
            assertEquals("Done", fp.getString("jira.status"));
            given().auth().oauth2(ADMIN).get("/api/v1/projects/loop/fingerprints?updatedSince=" + beforeJira).then()
                    .statusCode(200).body("items.fingerprint", org.hamcrest.Matchers.hasItem("crash"));
            // Whose account made a change decides nothing: the creation (by jira-sync's account) is read from Jira
            // like every other delivery.
            assertEquals("applied", QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "select state from webhook_inbox where project = 'loop' and event_type = 'jira:issue_created'")
                    .getSingleResult()));

            // The tracker is told, signed.
            dispatch();
            TrackerReceiver.Notification told = tracker.await(
                    n -> "resolved".equals(n.path("state").asText()), Duration.ofSeconds(10));
            assertTrue(told.signed(), "X-Jira-Sync-Signature matches the body");
            assertEquals("2.0", told.body().path("resolvedUntilVersion").asText());
            assertEquals("ana@tracker.example.com", told.body().path("assignee").asText());
            assertEquals(key, told.body().path("jira").path("key").asText());
            assertEquals("Done", told.body().path("jira").path("status").asText());
            assertEquals(1, tracker.received.size(), "one change applied, one notification");

            // An event in 1.1 stays quiet; one in 2.0 is a regression.
            event("loop", List.of("crash"), Map.of("version", "1.1"));
            fingerprints.foldStaged();
            assertEquals("resolved", fingerprint("loop", "crash").getString("state"));
            event("loop", List.of("crash"), Map.of("version", "2.0"));
            fingerprints.foldStaged();
            assertEquals("open", fingerprint("loop", "crash").getString("state"));

            // The worker reopens the ticket as the outbound sync does (its own account, recorded in the ledger);
            // the webhook and the reconciliation that bring it back are echoes by the ledger, change nothing and
            // notify nobody.
            long rowsBefore = inboxRows("loop");
            long notifiesBefore = notifyTasks("loop");
            JiraSite site = integrations.load("loop").orElseThrow().site();
            dispatch();
            if ("Done".equals(jira.issue(site, key, List.of("status")).statusName().orElseThrow())) {
                // The outbound sync (issue 8) reopens the ticket on a regression; where it is not merged yet, do
                // exactly what its transition handler does: transition with jira-sync's account, then ledger it.
                Transition reopen = jira.transitions(site, key).stream()
                        .filter(t -> "To Do".equals(t.to().name())).findFirst().orElseThrow();
                jira.transition(site, key, reopen.id(), Map.of());
                ledger.recordWrite("loop", "crash", key, JiraWriteLedger.Field.STATUS, "To Do");
            }
            assertEquals("To Do", jira.issue(site, key, List.of("status")).statusName().orElseThrow(),
                    "the ticket is reopened");
            awaitInbox("loop", rowsBefore + 1);
            processInbox();
            reconciler.reconcile("loop");
            dispatch();

            JsonPath after = fingerprint("loop", "crash");
            assertEquals("open", after.getString("state"));
            assertEquals(notifiesBefore, notifyTasks("loop"), "no notify for jira-sync's own change");
            assertEquals(1, tracker.received.size());
            given().auth().oauth2(ADMIN).get("/api/v1/integrations/loop/sync-log?fingerprint=crash").then()
                    .statusCode(200)
                    .body("entries.message", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString(
                            "Status To Do is what jira-sync itself wrote to " + key)));
        }
    }
}
