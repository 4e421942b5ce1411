package io.jirasync.inbound;

import static io.jirasync.inbound.InboundFixture.api;
import static io.jirasync.inbound.InboundFixture.event;
import static io.jirasync.inbound.InboundFixture.fingerprint;
import static io.jirasync.inbound.InboundFixture.integration;
import static io.jirasync.inbound.InboundFixture.jiraAs;
import static io.jirasync.inbound.InboundFixture.moveTo;
import static io.jirasync.inbound.InboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.outbound.DispatchJob;
import io.jirasync.outbound.RulesJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Reconciliation repairs what lost webhooks missed: every page, Cloud and Server, once per integration at a time. */
@QuarkusTest
class ReconcileTest {

    @Inject
    FingerprintService fingerprints;
    @Inject
    RulesJob rules;
    @Inject
    DispatchJob dispatcher;
    @Inject
    ReconcileJob reconciler;
    @Inject
    ReconcileService reconcileState;
    @Inject
    EntityManager em;

    @BeforeEach
    void forgetOtherTestsWork() {
        InboundFixture.forgetOtherTestsWork(em);
    }

    private static void sandboxSettings(Map<String, Object> settings) {
        given().contentType(ContentType.JSON).body(settings).patch(sandbox() + "/_control").then().statusCode(200);
    }

    /** Fingerprints with a ticket each, created by the worker; fingerprint -> ticket key. */
    private Map<String, String> tickets(String project, List<String> names) {
        event(project, names, Map.of());
        fingerprints.foldStaged();
        assertEquals(names.size(), rules.runOnce());
        while (dispatcher.dispatchOnce() > 0) {
            // until every ticket exists
        }
        Map<String, String> keys = new LinkedHashMap<>();
        names.forEach(n -> keys.put(n, fingerprint(project, n).getString("jira.key")));
        return keys;
    }

    private static long searches() {
        Map<String, Number> requests = given().get(sandbox() + "/_control/counters").then().statusCode(200)
                .extract().path("requests");
        return requests.entrySet().stream().filter(e -> e.getKey().contains("search"))
                .mapToLong(e -> e.getValue().longValue()).sum();
    }

    @Test
    void withWebhooksPausedFiveChangedTicketsAreAppliedInOneRunOverEveryPage() {
        sandboxSettings(Map.of("flavour", "cloud"));
        integration("recon", "cloud", """
                , "rules": {"autoCreate": true, "minEvents": 1},
                  "customFields": [{"field": "Team", "value": "backend"}],
                  "users": [{"tracker": "ana@tracker.example.com", "jira": "5d53f3cbc6b9320d9ea5bdc2"}],
                  "statusMapping": {"inbound": {"Won't Do": "ignored"}}""");
        given().contentType(ContentType.JSON).body(Map.of("url", "http://localhost:" + io.restassured.RestAssured.port
                + "/webhooks/jira/recon", "projects", List.of("DEMO"))).post(sandbox() + "/_control/webhooks")
                .then().statusCode(201);
        Map<String, String> keys = tickets("recon", List.of("a", "b", "c", "d", "e"));
        assertTrue(reconciler.reconcile("recon").ran(), "the first run sets the cursor");
        sandboxSettings(Map.of("webhooksPaused", true));

        String api = api("cloud");
        jiraAs("ana").body("{\"fields\": {\"fixVersions\": [{\"name\": \"1.1\"}]}}").put(api + "/issue/" + keys.get("a"))
                .then().statusCode(204);
        moveTo("ana", "cloud", keys.get("a"), "Done");
        moveTo("ana", "cloud", keys.get("b"), "In Progress");
        jiraAs("ana").body("{\"accountId\": \"5d53f3cbc6b9320d9ea5bdc2\"}").put(api + "/issue/" + keys.get("c") + "/assignee")
                .then().statusCode(204);
        moveTo("ana", "cloud", keys.get("d"), "Won't Do");
        jiraAs("ana").body("{\"fields\": {\"fixVersions\": [{\"name\": \"1.1\"}, {\"name\": \"2.0\"}, {\"name\": \"1.0\"}]}}")
                .put(api + "/issue/" + keys.get("e")).then().statusCode(204);
        moveTo("ana", "cloud", keys.get("e"), "Done");

        given().delete(sandbox() + "/_control/counters").then().statusCode(204);
        ReconcileJob.Run run = reconciler.reconcile("recon");
        assertEquals(5, run.seen(), run.toString());
        assertEquals(5, run.changed(), run.toString());
        assertEquals(3, searches(), "five issues on pages of two");
        assertTrue(
                run.jql().matches(
                        "project = \"DEMO\" AND updated >= \"\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d\" ORDER BY updated ASC"),
                run.jql());

        assertEquals("resolved", fingerprint("recon", "a").getString("state"));
        assertEquals("1.1", fingerprint("recon", "a").getString("resolvedUntilVersion"));
        assertEquals("in_progress", fingerprint("recon", "b").getString("state"));
        assertEquals("ana@tracker.example.com", fingerprint("recon", "c").getString("assignee"));
        assertEquals("ignored", fingerprint("recon", "d").getString("state"));
        assertEquals("2.0", fingerprint("recon", "e").getString("resolvedUntilVersion"), "numeric-aware highest");
        long inbox = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from webhook_inbox where project = 'recon' and event_type = 'jira:issue_updated'")
                .getSingleResult()).longValue());
        assertEquals(0, inbox, "no webhook got through");

        ReconcileJob.Run again = reconciler.reconcile("recon");
        assertEquals(0, again.changed(), "the overlap brings them again; the watermark applies nothing twice");
        Object cursor = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select cursor_at from reconcile_cursor where project = 'recon'").getSingleResult());
        assertFalse(cursor == null);

        // Paused deliveries that arrive late change nothing either.
        sandboxSettings(Map.of("webhooksPaused", false));
    }

    @Test
    void serverIsSearchedWithStartAtPaging() {
        sandboxSettings(Map.of("flavour", "server"));
        integration("recon-server", "server", """
                , "rules": {"autoCreate": true, "minEvents": 1},
                  "customFields": [{"field": "Team", "value": "backend"}],
                  "users": [{"tracker": "ana@tracker.example.com", "jira": "ana"}]""");
        Map<String, String> keys = tickets("recon-server", List.of("s1", "s2", "s3"));
        reconciler.reconcile("recon-server");
        moveTo("ana", "server", keys.get("s1"), "In Progress");
        moveTo("ana", "server", keys.get("s2"), "Done");
        jiraAs("ana").body("{\"name\": \"ana\"}").put(api("server") + "/issue/" + keys.get("s3") + "/assignee")
                .then().statusCode(204);

        ReconcileJob.Run run = reconciler.reconcile("recon-server");
        assertNull(run.error(), run.toString());
        assertEquals(3, run.changed(), run.toString());
        assertEquals("in_progress", fingerprint("recon-server", "s1").getString("state"));
        assertEquals("resolved", fingerprint("recon-server", "s2").getString("state"));
        assertEquals("ana@tracker.example.com", fingerprint("recon-server", "s3").getString("assignee"));
    }

    @Test
    void aRunHeldByAnotherReplicaIsSkipped() {
        sandboxSettings(Map.of("flavour", "cloud"));
        integration("recon-locked", "cloud", "");
        ReconcileService.Lock held = reconcileState.tryLock("recon-locked").orElseThrow();
        try {
            assertFalse(reconciler.reconcile("recon-locked").ran());
        } finally {
            held.close();
        }
        assertTrue(reconciler.reconcile("recon-locked").ran());
    }
}
