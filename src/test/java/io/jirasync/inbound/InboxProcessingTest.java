package io.jirasync.inbound;

import static io.jirasync.inbound.InboundFixture.event;
import static io.jirasync.inbound.InboundFixture.fingerprint;
import static io.jirasync.inbound.InboundFixture.integration;
import static io.jirasync.inbound.InboundFixture.jiraAs;
import static io.jirasync.inbound.InboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.JiraLink;
import io.jirasync.outbound.DispatchJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The processor's guarantees: replicas share the inbox without overlap, moves follow the issue, callbacks retry. */
@QuarkusTest
class InboxProcessingTest {

    @Inject
    FingerprintService fingerprints;
    @Inject
    InboxJob inbox;
    @Inject
    DispatchJob dispatcher;
    @Inject
    EntityManager em;
    @Inject
    io.jirasync.outbound.RulesJob rules;
    @Inject
    io.jirasync.integration.IntegrationService integrations;
    @Inject
    io.jirasync.jira.JiraClient jira;
    @Inject
    io.jirasync.outbound.JiraWriteLedger ledger;

    @BeforeEach
    void forgetOtherTestsWork() {
        InboundFixture.forgetOtherTestsWork(em);
    }

    private long rows(String where) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from webhook_inbox where " + where).getSingleResult()).longValue());
    }

    private static void post(String project, String body, String identifier) {
        given().contentType("application/json").header("X-Atlassian-Webhook-Identifier", identifier).body(body)
                .post("/webhooks/jira/" + project).then().statusCode(202);
    }

    private static String keyChange(String issueId, String from, String to, long timestamp) {
        return """
                {"timestamp": %d, "webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_moved",
                 "user": {"accountId": "5d53f3cbc6b9320d9ea5bdc2", "displayName": "Ana Silva"},
                 "issue": {"id": "%s", "key": "%s", "fields": {}},
                 "changelog": {"id": "%d", "items": [{"field": "Key", "fieldtype": "jira", "fieldId": "key",
                   "from": null, "fromString": "%s", "to": null, "toString": "%s"}]}}""".formatted(timestamp,
                issueId, to, timestamp, from, to);
    }

    @Test
    void aMovedIssueKeepsItsLinkUnderItsNewKey() {
        integration("moves", "cloud", "");
        String key = jiraAs("jira-sync@example.com").body("""
                {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "moved",
                 "customfield_10010": {"value": "Backend"}}}""").post(InboundFixture.api("cloud") + "/issue")
                .then().statusCode(201).extract().path("key");
        String id = jiraAs("jira-sync@example.com").get(InboundFixture.api("cloud") + "/issue/" + key).then()
                .statusCode(200).extract().path("id");
        event("moves", List.of("fp"), Map.of());
        fingerprints.foldStaged();
        fingerprints.linkJira("moves", "fp", new JiraLink(id, "OLD-9", "https://old/browse/OLD-9", "To Do"));

        post("moves", keyChange(id, "OLD-9", key, System.currentTimeMillis()), "move-1");
        while (inbox.processOnce() > 0) {
            // until nothing is pending
        }
        JsonPath fp = fingerprint("moves", "fp");
        assertEquals(key, fp.getString("jira.key"));
        assertEquals(sandbox() + "/browse/" + key, fp.getString("jira.url"));
        assertEquals(id, fp.getString("jira.issueId"));
    }

    @Test
    void aPersonsChangeToTheValueJiraSyncOnceWroteIsNotTakenForAnEcho() throws Exception {
        integration("echoes", "cloud", """
                , "rules": {"autoCreate": true, "minEvents": 1},
                  "customFields": [{"field": "Team", "value": "backend"}]""");
        given().contentType("application/json").body(Map.of("url", "http://localhost:" + io.restassured.RestAssured.port
                + "/webhooks/jira/echoes", "projects", List.of("DEMO"))).post(sandbox() + "/_control/webhooks")
                .then().statusCode(201);
        event("echoes", List.of("fp"), Map.of());
        fingerprints.foldStaged();
        rules.runOnce();
        while (dispatcher.dispatchOnce() > 0) {
            // until the ticket exists
        }
        String key = fingerprint("echoes", "fp").getString("jira.key");
        given().auth().oauth2(InboundFixture.TRACKER).contentType("application/json").body("{\"state\": \"resolved\"}")
                .patch("/api/v1/projects/echoes/fingerprints/fp").then().statusCode(200);

        // jira-sync resolves the ticket (as its outbound sync does), then a person reopens and resolves it again.
        io.jirasync.jira.JiraSite site = integrations.load("echoes").orElseThrow().site();
        io.jirasync.jira.dto.Transition done = jira.transitions(site, key).stream()
                .filter(t -> "Done".equals(t.to().name())).findFirst().orElseThrow();
        jira.transition(site, key, done.id(), Map.of("resolution", Map.of("name", "Done")));
        ledger.recordWrite("echoes", "fp", key, io.jirasync.outbound.JiraWriteLedger.Field.STATUS, "Done");
        awaitDeliveries("echoes", 2);
        drainInbox();
        InboundFixture.moveTo("ana", "cloud", key, "To Do");
        awaitDeliveries("echoes", 3);
        drainInbox();
        assertEquals("open", fingerprint("echoes", "fp").getString("state"));
        InboundFixture.moveTo("ana", "cloud", key, "Done");
        awaitDeliveries("echoes", 4);
        drainInbox();
        assertEquals("resolved", fingerprint("echoes", "fp").getString("state"),
                "Ana's Done came after her reopen: it is hers, not jira-sync's echo");
    }

    private void drainInbox() {
        while (inbox.processOnce() > 0) {
            // until nothing is pending
        }
    }

    private void awaitDeliveries(String project, long count) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> rows("project = '" + project + "'") >= count);
        assertEquals(count, rows("project = '" + project + "'"));
    }

    @Test
    void replicasClaimEachDeliveryOnce() throws Exception {
        integration("replicas", "cloud", "");
        event("replicas", List.of("fp"), Map.of());
        fingerprints.foldStaged();
        fingerprints.linkJira("replicas", "fp", new JiraLink("77777", "GONE-1", "https://x/browse/GONE-1", "To Do"));
        long start = System.currentTimeMillis();
        for (int i = 0; i < 120; i++) {
            post("replicas", keyChange("77777", "GONE-1", "GONE-1", start + i), "replica-" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> claimed = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Callable<Integer> replica = () -> {
                    int n = 0;
                    for (int got; (got = inbox.processOnce()) > 0;) {
                        n += got;
                    }
                    return n;
                };
                claimed.add(pool.submit(replica));
            }
            int total = 0;
            for (Future<Integer> f : claimed) {
                total += f.get();
            }
            assertEquals(120, total, "every delivery claimed by exactly one replica");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, rows("project = 'replicas' and state = 'pending'"));
        assertEquals(120, rows("project = 'replicas' and attempts = 1"), "none was taken twice");
    }

    @Test
    void aFailingTrackerCallbackIsRetriedThroughTheOutbox() throws Exception {
        try (TrackerReceiver tracker = new TrackerReceiver("s3cret", 2)) {
            // Signed: TES-41 is not in the sandbox, so only a signed delivery's own content can be applied.
            integration("callbacks", "cloud", """
                    , "webhookSecret": "callback-hook-secret",
                      "tracker": {"callbackUrl": "%s", "secret": "s3cret"}""".formatted(tracker.url()));
            event("callbacks", List.of("fp"), Map.of());
            fingerprints.foldStaged();
            fingerprints.linkJira("callbacks", "fp", new JiraLink("10040", "TES-41", "https://x/browse/TES-41", "To Do"));
            byte[] delivery = WebhookReceiverTest.delivery("webhook-issue-updated-resolved.json");
            given().contentType("application/json").header("X-Atlassian-Webhook-Identifier", "callback-1")
                    .header("X-Hub-Signature", io.jirasync.security.HmacSignature.sign(delivery, "callback-hook-secret"))
                    .body(delivery).post("/webhooks/jira/callbacks").then().statusCode(202);
            while (inbox.processOnce() > 0) {
                // until nothing is pending
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                dispatcher.dispatchOnce();
                return !tracker.received.isEmpty();
            });
            TrackerReceiver.Notification told = tracker.await(n -> true, Duration.ofSeconds(1));
            assertTrue(told.signed());
            assertEquals("resolved", told.body().path("state").asText());
            given().auth().oauth2(InboundFixture.ADMIN).get("/api/v1/integrations/callbacks/sync-log?fingerprint=fp")
                    .then().statusCode(200)
                    .body("entries.outcome", org.hamcrest.Matchers.hasItems("retry", "done"))
                    .body("entries.message",
                            org.hamcrest.Matchers.hasItem("The tracker answered HTTP 503. Retry 2 of 10 in 1 s."));
            String metrics = io.jirasync.Management.given().get("/q/metrics").then().statusCode(200).extract()
                    .asString();
            assertTrue(metrics.contains("# HELP jira_sync_tracker_responses "), "HELP of the tracker calls");
            assertTrue(java.util.regex.Pattern.compile(
                    "(?m)^jira_sync_tracker_responses_total\\{status=\"503\",tracker=\"generic\"} [2-9]")
                    .matcher(metrics).find(), "the two 503s counted");
            assertTrue(java.util.regex.Pattern
                    .compile("(?m)^jira_sync_tracker_responses_total\\{status=\"2\\d\\d\",tracker=\"generic\"} [1-9]")
                    .matcher(metrics).find(), "the accepted call counted");
        }
    }
}
