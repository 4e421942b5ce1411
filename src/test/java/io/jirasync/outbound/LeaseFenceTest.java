package io.jirasync.outbound;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.ingest;
import static io.jirasync.outbound.OutboundFixture.received;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A worker whose lease on a create ran out while it waited for Jira's budget (a storm of 429s, a slot in a long
 * batch) does not send the create: the replica that took the task over may be sending it too, and two creates are
 * two tickets. Found by RateLimitReliabilityIT with two replicas and 20 s leases (fingerprint rate-115 got DEMO-45
 * and DEMO-55).
 */
@QuarkusTest
class LeaseFenceTest {

    private static final String PROJECT = "shoplease";

    @Inject
    RulesJob rules;
    @Inject
    DispatchJob dispatcher;
    @Inject
    OutboxService outbox;
    @Inject
    FingerprintService fingerprints;
    @Inject
    DispatchConfig config;
    @Inject
    EntityManager em;

    @Test
    void aCreateWhoseLeaseRanOutWhileItWaitedIsNotSentAndTheTicketIsCreatedOnce() throws Exception {
        OutboundFixture.failOpenTasks(em);
        resetSandbox("cloud");
        // A site of its own (127.0.0.1, not localhost): no budget or pause another test left behind.
        OutboundFixture.integrationAt("http://127.0.0.1:" + io.restassured.RestAssured.port + "/sandbox/jira", PROJECT,
                "ben@example.com", TicketCreationTest.TEAM_AND_ENV);
        ingest(PROJECT, List.of("lease-1"), 2, Map.of("environment", "production"));
        fingerprints.foldStaged();
        assertEquals(1, rules.runOnce());

        List<SyncTask> claimed = outbox.claim("worker-that-waited", 10);
        assertEquals(1, claimed.size());
        SyncTask task = claimed.get(0);
        // It waited longer than its lease: another worker may claim the task now.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update sync_task set lease_until = now() - interval '1 second' where id = :id")
                .setParameter("id", task.id).executeUpdate());
        dispatcher.runOrRelease(task, System.nanoTime() - config.lease().plus(Duration.ofSeconds(1)).toNanos());

        assertEquals(0, received("POST /rest/api/3/issue"), "the create was not sent");
        List<Map<String, Object>> log = given().auth().oauth2(ADMIN)
                .get("/api/v1/integrations/" + PROJECT + "/sync-log?limit=10").then().statusCode(200).extract()
                .path("entries");
        assertTrue(log.stream().anyMatch(e -> "retry".equals(e.get("outcome")) && String.valueOf(e.get("message"))
                .contains("Not sent: the waits for Jira's budget outlasted this worker's lease on task " + task.id)),
                "the sync log says why: " + log);

        long deadline = System.currentTimeMillis() + 10_000;
        while (received("POST /rest/api/3/issue") == 0 && System.currentTimeMillis() < deadline) {
            dispatcher.dispatchOnce();
            Thread.sleep(100);
        }
        assertEquals(1, received("POST /rest/api/3/issue"), "the next attempt created the one ticket");
        assertEquals(1, OutboundFixture.issuesInSandbox());
    }
}
