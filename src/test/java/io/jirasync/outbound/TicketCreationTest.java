package io.jirasync.outbound;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.TRACKER;
import static io.jirasync.outbound.OutboundFixture.control;
import static io.jirasync.outbound.OutboundFixture.ingest;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.received;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.jirasync.outbound.OutboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jirasync.Management;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.integration.MarkerLabel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class TicketCreationTest {

    static final String TEAM_AND_ENV = """
            , "rules": {"autoCreate": true, "minEvents": 2},
              "summary": "[$environment] $title",
              "labels": ["jira-sync", "env-$environment"],
              "customFields": [{"field": "Team", "value": "backend"},
                               {"field": "customfield_10016", "value": "Fingerprint $fingerprint on $hostname"}]""";

    @Inject
    RulesJob rules;
    @Inject
    DispatchJob dispatcher;
    @Inject
    FingerprintService fingerprints;
    @Inject
    OutboxMetrics metrics;

    @Inject
    jakarta.persistence.EntityManager em;

    @org.junit.jupiter.api.BeforeEach
    void forgetOtherTestsUnfinishedTasks() {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> em
                .createNativeQuery("update sync_task set state = 'failed' where state in ('pending', 'running')")
                .executeUpdate());
    }

    private void drain() {
        while (dispatcher.dispatchOnce() > 0) {
            // until nothing is due
        }
    }

    private JsonPath issue(String key) {
        return given().auth().basic("jira-sync@example.com", "sandbox-api-token")
                .get(sandbox() + "/rest/api/3/issue/" + key).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void twoHundredEligibleFingerprintsGetExactlyOneTicketEach() {
        resetSandbox("cloud");
        integration("shop200", TEAM_AND_ENV);
        List<String> eligible = IntStream.range(0, 200).mapToObj(i -> "fp-" + i).toList();
        ingest("shop200", eligible, 2, Map.of("environment", "production", "hostname", "web-2"));
        ingest("shop200", List.of("rare-1", "rare-2"), 1, Map.of("environment", "production"));
        fingerprints.foldStaged();

        assertEquals(200, rules.runOnce());
        drain();
        assertEquals(0, rules.runOnce(), "a second pass queues nothing");
        drain();

        assertEquals(200, OutboundFixture.issuesInSandbox(), "tickets in Jira");
        List<String> keys = given().auth().oauth2(ADMIN)
                .get("/api/v1/projects/shop200/fingerprints?linked=true&limit=500").then().statusCode(200)
                .extract().path("items.jira.key");
        assertEquals(200, keys.size());
        assertEquals(200, new HashSet<>(keys).size(), "two fingerprints share a ticket");
        given().auth().oauth2(ADMIN).get("/api/v1/projects/shop200/fingerprints?linked=false").then()
                .body("items.fingerprint", hasItems("rare-1", "rare-2"));

        String key = given().auth().oauth2(TRACKER).get("/api/v1/projects/shop200/fingerprints/fp-7").then()
                .statusCode(200).body("jira.url", containsString("/browse/")).extract().path("jira.key");
        JsonPath body = issue(key);
        assertEquals("[production] NullPointerException in fp-7", body.getString("fields.summary"));
        assertEquals("Backend", body.getString("fields.customfield_10010.value"));
        assertEquals("Fingerprint fp-7 on web-2", body.getString("fields.customfield_10016"));
        assertTrue(body.getList("fields.labels").containsAll(
                List.of("jira-sync", "env-production", MarkerLabel.of("shop200", "fp-7"))),
                body.getList("fields.labels").toString());
        assertEquals("doc", body.getString("fields.description.type"), "v3 descriptions are ADF");

        metrics.refresh();
        String scraped = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(scraped.contains("jira_sync_tickets_created_total{project=\"shop200\"} 200.0"), "tickets metric");
        assertTrue(scraped.matches("(?s).*jira_sync_jira_responses_total\\{[^}]*status=\"201\"[^}]*} [1-9].*"),
                "responses metric");
        assertTrue(scraped.matches("(?s).*jira_sync_tasks\\{kind=\"create\",state=\"done\"} [1-9].*"), "tasks gauge");
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/shop200/sync-log?fingerprint=fp-7").then()
                .statusCode(200)
                .body("entries.outcome", hasItems("queued", "done"))
                .body("entries[0].message", equalTo("Created " + key + "."));
    }

    @Test
    void aRequiredFieldMissingFailsOnceWithJirasErrorAndIsNotRetried() {
        resetSandbox("cloud");
        integration("shopnoteam", ", \"rules\": {\"autoCreate\": true}");
        ingest("shopnoteam", List.of("lonely"), 1, Map.of());
        fingerprints.foldStaged();
        assertEquals(1, rules.runOnce());
        drain();
        for (int i = 0; i < 3; i++) {
            assertEquals(0, rules.runOnce());
            drain();
        }
        assertEquals(1, received("POST /rest/api/3/issue"), "the failed create was sent again");
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/shopnoteam/sync-log?fingerprint=lonely").then()
                .body("entries[0].outcome", equalTo("failed"))
                .body("entries[0].taskState", equalTo("failed"))
                .body("entries[0].jiraStatus", equalTo(400))
                .body("entries[0].message", containsString("customfield_10010"));
    }

    @Test
    void createsFailingWith500ForAWhileAreAllCreatedAfterwards() throws InterruptedException {
        resetSandbox("cloud");
        integration("shopoutage", "ben@example.com", TEAM_AND_ENV);
        List<String> names = IntStream.range(0, 20).mapToObj(i -> "out-" + i).toList();
        ingest("shopoutage", names, 2, Map.of("environment", "staging"));
        fingerprints.foldStaged();
        int seconds = Integer.getInteger("outage.seconds", 8);
        control(Map.of("failForSeconds", seconds, "failureStatus", 500));
        long outageEnds = System.currentTimeMillis() + seconds * 1000L;
        assertEquals(20, rules.runOnce());
        assertEquals(20, dispatcher.dispatchOnce());
        if (System.currentTimeMillis() < outageEnds) {
            assertEquals(0, OutboundFixture.issuesInSandbox(), "a create succeeded during the outage");
        }
        await().atMost(Duration.ofMillis(Math.max(0, outageEnds - System.currentTimeMillis()) + 30_000))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                    drain();
                    Number linked = given().auth().oauth2(ADMIN)
                            .get("/api/v1/projects/shopoutage/fingerprints?linked=true")
                            .then().extract().path("items.size()");
                    return linked.intValue() == 20;
                });
        List<String> keys = given().auth().oauth2(ADMIN).get("/api/v1/projects/shopoutage/fingerprints?linked=true")
                .then().extract().path("items.jira.key");
        assertEquals(20, keys.size(), "tickets lost after the outage");
        assertEquals(20, new HashSet<>(keys).size());
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/shopoutage/sync-log?fingerprint=out-3").then()
                .body("entries.outcome", hasItems("queued", "retry", "done"));
        List<String> retried = given().auth().oauth2(ADMIN).get("/api/v1/integrations/shopoutage/sync-log?limit=1000")
                .then().extract().path("entries.findAll { it.outcome == 'retry' }.fingerprint");
        assertEquals(20, new HashSet<>(retried).size(), "every fingerprint's create shows its retries");
    }

    @Test
    void manualCreateLinkAndUnlink() {
        resetSandbox("cloud");
        integration("shopmanual", TEAM_AND_ENV.replace("\"autoCreate\": true", "\"autoCreate\": false"));
        ingest("shopmanual", List.of("m-1", "m-2"), 1, Map.of("environment", "dev"));
        fingerprints.foldStaged();
        assertEquals(0, rules.runOnce(), "auto-create is off");

        String key = given().auth().oauth2(TRACKER).post("/api/v1/projects/shopmanual/fingerprints/m-1/ticket")
                .then().statusCode(201).extract().path("jira.key");
        given().auth().oauth2(TRACKER).post("/api/v1/projects/shopmanual/fingerprints/m-1/ticket")
                .then().statusCode(409).contentType("application/problem+json");

        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"key\": \"DEMO-999\"}")
                .put("/api/v1/projects/shopmanual/fingerprints/m-2/ticket")
                .then().statusCode(422).body("detail", containsString("DEMO-999"));
        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"key\": \"not a key\"}")
                .put("/api/v1/projects/shopmanual/fingerprints/m-2/ticket")
                .then().statusCode(400).body("errors[0].field", equalTo("key"));
        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"key\": \"" + key + "\"}")
                .put("/api/v1/projects/shopmanual/fingerprints/m-2/ticket")
                .then().statusCode(409).body("detail", containsString("m-1"));
        given().auth().oauth2(ADMIN).delete("/api/v1/projects/shopmanual/fingerprints/m-1/ticket").then().statusCode(204);
        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"key\": \"" + key + "\"}")
                .put("/api/v1/projects/shopmanual/fingerprints/m-2/ticket")
                .then().statusCode(200).body("jira.key", equalTo(key)).body("jira.status", equalTo("To Do"));

        given().auth().oauth2(ADMIN).delete("/api/v1/projects/shopmanual/fingerprints/m-2/ticket").then().statusCode(204);
        given().auth().oauth2(ADMIN).get("/api/v1/projects/shopmanual/fingerprints/m-2").then()
                .body("jira", org.hamcrest.Matchers.nullValue());
        issue(key);
        Set<String> outcomes = new HashSet<>(given().auth().oauth2(ADMIN)
                .get("/api/v1/integrations/shopmanual/sync-log?fingerprint=m-2").then().extract().path("entries.action"));
        assertTrue(outcomes.containsAll(Set.of("link", "unlink")), outcomes.toString());
    }
}
