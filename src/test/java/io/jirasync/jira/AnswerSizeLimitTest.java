package io.jirasync.jira;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.inbound.ReconcileJob;
import io.jirasync.outbound.DispatchJob;
import io.jirasync.outbound.OutboundFixture;
import io.jirasync.outbound.RulesJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Jira's answers are read up to {@code jira-sync.jira.max-response-size} (10 MiB): a larger one fails the call with a
 * sentence saying so, and nothing of it is applied.
 */
@QuarkusTest
class AnswerSizeLimitTest {

    private static final int OVER_THE_LIMIT = 10 * 1024 * 1024 + 1;
    private static final String SENTENCE = "with more than 10 MiB (jira-sync.jira.max-response-size); nothing of the "
            + "answer was used";

    @Inject
    FingerprintService fingerprints;
    @Inject
    RulesJob rules;
    @Inject
    DispatchJob dispatcher;
    @Inject
    ReconcileJob reconciler;
    @Inject
    EntityManager em;

    @BeforeEach
    void onlyThisTestsWork() {
        // Other tests' unfinished tasks name Jiras this test does not run.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update sync_task set state = 'failed' where state in ('pending', 'running')").executeUpdate());
        OutboundFixture.resetSandbox("cloud");
    }

    @Test
    void aStreamedAnswerOverTheLimitFailsTheProbeWithASentence() throws IOException {
        HttpServer jira = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // No Content-Length: the limit is found while reading, not from a header.
        jira.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("{\"displayName\": \"".getBytes(StandardCharsets.UTF_8));
                byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
                for (int sent = 0; sent < OVER_THE_LIMIT; sent += chunk.length) {
                    body.write(chunk);
                }
                body.write("\"}".getBytes(StandardCharsets.UTF_8));
            } catch (IOException reset) {
                // The worker stops reading and closes the connection.
            }
        });
        jira.start();
        try {
            given().auth().oauth2(OutboundFixture.ADMIN).contentType(ContentType.JSON).body("""
                    {"url": "http://127.0.0.1:%d", "deployment": "server", "apiVersion": 2,
                     "auth": {"type": "bearer", "token": "a-personal-access-token"}}"""
                    .formatted(jira.getAddress().getPort()))
                    .post("/api/v1/jira/probe")
                    .then().statusCode(502)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Jira unreachable"))
                    .body("detail", equalTo("Jira at http://127.0.0.1:" + jira.getAddress().getPort()
                            + " answered the request to read the current user " + SENTENCE));
        } finally {
            jira.stop(0);
        }
    }

    @Test
    void aReconciliationWhoseSearchAnswerIsOverTheLimitAppliesNothing() {
        OutboundFixture.integration("sizecap", """
                , "rules": {"autoCreate": true, "minEvents": 1},
                  "customFields": [{"field": "Team", "value": "backend"}]""");
        OutboundFixture.ingest("sizecap", List.of("huge-answer"), 1, Map.of());
        fingerprints.foldStaged();
        rules.runOnce();
        while (dispatcher.dispatchOnce() > 0) {
            // until the ticket exists
        }
        String key = fingerprint().getString("jira.key");
        assertNull(reconciler.reconcile("sizecap").error(), "the first run sets the cursor");
        moveToDone(key);

        // The sandbox's answers now end in 10 MiB of spaces: still valid JSON, only too large.
        OutboundFixture.control(Map.of("paddingBytes", OVER_THE_LIMIT));
        ReconcileJob.Run run = reconciler.reconcile("sizecap");
        assertTrue(run.error() != null && run.error().contains(SENTENCE), String.valueOf(run.error()));
        assertEquals("open", fingerprint().getString("state"), "nothing was applied from the answer");

        OutboundFixture.control(Map.of("paddingBytes", 0));
        assertNull(reconciler.reconcile("sizecap").error());
        assertEquals("resolved", fingerprint().getString("state"), "the same change, in an answer of normal size");
    }

    private static io.restassured.path.json.JsonPath fingerprint() {
        return given().auth().oauth2(OutboundFixture.TRACKER).get("/api/v1/projects/sizecap/fingerprints/huge-answer")
                .then().statusCode(200).extract().jsonPath();
    }

    private static void moveToDone(String key) {
        String transitions = OutboundFixture.sandbox() + "/rest/api/3/issue/" + key + "/transitions";
        List<Map<String, Object>> all = given().auth().preemptive().basic("ana", "sandbox-api-token")
                .get(transitions).then().statusCode(200).extract().path("transitions");
        Map<String, Object> done = all.stream().filter(t -> "Done".equals(((Map<?, ?>) t.get("to")).get("name")))
                .findFirst().orElseThrow();
        String fields = Boolean.TRUE.equals(done.get("hasScreen")) ? ", \"fields\": {\"resolution\": {\"name\": "
                + "\"Done\"}}" : "";
        given().auth().preemptive().basic("ana", "sandbox-api-token").contentType(ContentType.JSON)
                .body("{\"transition\": {\"id\": \"" + done.get("id") + "\"}" + fields + "}")
                .post(transitions).then().statusCode(204);
    }
}
