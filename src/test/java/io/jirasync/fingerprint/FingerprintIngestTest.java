package io.jirasync.fingerprint;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class FingerprintIngestTest {

    @Inject
    FingerprintService service;

    @Inject
    FingerprintChangeRecorder recorder;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/api/v1/projects")
    URI projects;

    static String newProject() {
        return "p-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ValidatableResponse ingest(String project, String body) {
        return given().auth().oauth2("test-ingest-token-of-the-suite").contentType("application/json").body(body)
                .when().post("/api/v1/projects/{project}/events", project).then();
    }

    static String event(String fingerprint, String timestamp, Map<String, String> attributes) {
        StringBuilder json = new StringBuilder("{\"fingerprint\":\"" + fingerprint + "\",\"title\":\"Boom in "
                + fingerprint + "\"");
        if (timestamp != null) {
            json.append(",\"timestamp\":\"").append(timestamp).append('"');
        }
        json.append(",\"attributes\":{");
        List<String> pairs = new ArrayList<>();
        attributes.forEach((k, v) -> pairs.add("\"" + k + "\":\"" + v + "\""));
        return json.append(String.join(",", pairs)).append("}}").toString();
    }

    static ValidatableResponse fingerprint(String project, String fingerprint) {
        return given().auth().oauth2("test-tracker-token-of-the-suite")
                .when().get("/api/v1/projects/{project}/fingerprints/{fingerprint}", project, fingerprint).then();
    }

    void assertNothingStored(String project) {
        service.foldStaged();
        given().auth().oauth2("test-admin-token-of-the-suite").when().get("/api/v1/projects/{project}/fingerprints", project)
                .then().statusCode(200).body("items", empty());
    }

    @Test
    void eightConcurrentClientsNeverLoseACount() throws Exception {
        String project = newProject();
        int clients = 8;
        int eventsPerClient = 1000;
        int fingerprints = 20;
        int batchesPerClient = 4;
        Map<String, Map<String, Integer>> expectedHosts = new HashMap<>();
        List<List<String>> bodies = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<String> batches = new ArrayList<>();
            List<String> events = new ArrayList<>();
            for (int e = 0; e < eventsPerClient; e++) {
                String fp = "fp-" + (e % fingerprints);
                String host = "web-" + ((e / fingerprints + c) % 3);
                expectedHosts.computeIfAbsent(fp, k -> new HashMap<>()).merge(host, 1, Integer::sum);
                events.add(event(fp, null, Map.of("hostname", host, "client", "c" + c)));
                if (events.size() == eventsPerClient / batchesPerClient) {
                    batches.add("[" + String.join(",", events) + "]");
                    events.clear();
                }
            }
            bodies.add(batches);
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (List<String> batches : bodies) {
            done.add(pool.submit(() -> {
                start.await();
                for (String batch : batches) {
                    ingest(project, batch).statusCode(202).body("accepted", equalTo(eventsPerClient / batchesPerClient));
                }
                return null;
            }));
        }
        // Two folders (as on two replicas) run while the clients send.
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService folders = Executors.newFixedThreadPool(2);
        List<Future<?>> folding = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            folding.add(folders.submit(() -> {
                start.await();
                while (sending.get()) {
                    service.foldStaged();
                    Thread.sleep(5);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        sending.set(false);
        for (Future<?> f : folding) {
            f.get();
        }
        pool.shutdown();
        folders.shutdown();
        service.foldStaged();

        for (int i = 0; i < fingerprints; i++) {
            String fp = "fp-" + i;
            ValidatableResponse response = fingerprint(project, fp).statusCode(200)
                    .body("count", equalTo(clients * eventsPerClient / fingerprints))
                    .body("attributes.client.size()", equalTo(5));
            Map<String, Integer> hosts = expectedHosts.get(fp);
            for (Map.Entry<String, Integer> host : hosts.entrySet()) {
                response.body("attributes.hostname.find { it.value == '" + host.getKey() + "' }.count",
                        equalTo(host.getValue()));
            }
            response.body("attributes.client.count", hasItem(eventsPerClient / fingerprints));
        }
        assertEquals(clients * eventsPerClient,
                given().auth().oauth2("test-admin-token-of-the-suite").queryParam("limit", 500)
                        .when().get("/api/v1/projects/{project}/fingerprints", project)
                        .then().statusCode(200).extract().jsonPath().getList("items.count", Integer.class)
                        .stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aProjectAsLongAsAnIntegrationMayNameIsIngestedAndALongerOneIsRefused() {
        // An integration's project may have 128 characters (FingerprintRequests.PROJECT_PATTERN, which IntegrationResource uses): so may its events'.
        String project = (newProject() + "-" + "x".repeat(128)).substring(0, 128);
        ingest(project, event("long", null, Map.of("env", "prod"))).statusCode(202).body("accepted", equalTo(1));
        service.foldStaged();
        fingerprint(project, "long").statusCode(200).body("count", equalTo(1));

        ingest(project + "y", event("long", null, Map.of())).statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("project"));
    }

    @Test
    void mostFrequentValueWinsAndTiesGoToTheMostRecent() {
        String project = newProject();
        List<String> events = new ArrayList<>();
        // web-1 and web-2 three times each, web-2 seen later; web-3 once, latest of all.
        for (int i = 0; i < 3; i++) {
            events.add(event("npe", "2026-11-20T10:0" + i + ":00Z", Map.of("hostname", "web-1", "env", "prod")));
            events.add(event("npe", "2026-11-20T11:0" + i + ":00Z", Map.of("hostname", "web-2", "env", "prod")));
        }
        events.add(event("npe", "2026-11-20T12:00:00Z", Map.of("hostname", "web-3", "env", "staging")));
        ingest(project, "[" + String.join(",", events) + "]").statusCode(202).body("accepted", equalTo(7));
        service.foldStaged();
        assertEquals("web-2", service.mostFrequentValue(project, "npe", "hostname").orElseThrow());
        assertEquals("prod", service.mostFrequentValue(project, "npe", "env").orElseThrow());

        // A later batch, with an event dated earlier than web-2's: web-1 now leads by count alone.
        ingest(project, event("npe", "2026-11-20T09:00:00Z", Map.of("hostname", "web-1"))).statusCode(202);
        service.foldStaged();
        assertEquals("web-1", service.mostFrequentValue(project, "npe", "hostname").orElseThrow());

        // web-2 catches up in a third batch and is again the most recently seen of the two.
        ingest(project, event("npe", "2026-11-20T13:00:00Z", Map.of("hostname", "web-2"))).statusCode(202);
        service.foldStaged();
        assertEquals("web-2", service.mostFrequentValue(project, "npe", "hostname").orElseThrow());
        assertEquals(true, service.mostFrequentValue(project, "npe", "no-such-attribute").isEmpty());

        fingerprint(project, "npe").statusCode(200)
                .body("count", equalTo(9))
                .body("firstSeen", equalTo("2026-11-20T09:00:00Z"))
                .body("lastSeen", equalTo("2026-11-20T13:00:00Z"))
                .body("attributes.hostname.value", equalTo(List.of("web-2", "web-1", "web-3")))
                .body("attributes.hostname.count", equalTo(List.of(4, 4, 1)))
                .body("attributes.env.value", equalTo(List.of("prod", "staging")));
    }

    @Test
    void invalidBatchIsRefusedWholeNamingIndexAndField() throws Exception {
        String project = newProject();
        String good = event("ok-1", null, Map.of("hostname", "web-1"));
        ingest(project, "[" + good + ",{\"title\":\"no fingerprint\"}]").statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem("[1].fingerprint"))
                .body("detail", containsString("[1].fingerprint: is required"));
        ingest(project, "[" + good + "," + event("x".repeat(129), null, Map.of()) + "]").statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("[1].fingerprint")));
        ingest(project, "[" + good + ",{\"fingerprint\":\"a\",\"title\":\"t\",\"attributes\":{\"version\":2}}]")
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("[1].attributes.version"))
                .body("errors[0].message", containsString("must be a string"));
        ingest(project, "{\"fingerprint\":\"a\",\"title\":\"t\",\"atributes\":{}}").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("atributes"));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(good);
        }
        ingest(project, "[" + String.join(",", tooMany) + "]").statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"))
                .body("detail", containsString("1001 events; at most 1000"));
        ingest(project, "[" + good + ", {\"fingerprint\": ").statusCode(400)
                .contentType("application/problem+json").body("title", equalTo("Malformed JSON"));
        given().auth().oauth2("test-ingest-token-of-the-suite").contentType("text/plain").body(good)
                .when().post("/api/v1/projects/{project}/events", project)
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
        // RestAssured always names a type, so send one without any by hand.
        HttpResponse<String> untyped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(projects + "/" + project + "/events"))
                .header("Authorization", "Bearer test-ingest-token-of-the-suite")
                .POST(HttpRequest.BodyPublishers.ofString(good)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, untyped.statusCode(), untyped.body());
        assertEquals("application/problem+json", untyped.headers().firstValue("Content-Type").orElse(""));
        assertTrue(untyped.body().contains("no Content-Type"), untyped.body());
        assertNothingStored(project);
    }

    @Test
    void bodyOverTheIngestLimitIsPayloadTooLarge() {
        String project = newProject();
        Map<String, String> attributes = new HashMap<>();
        for (int a = 0; a < 50; a++) {
            attributes.put("a" + a, "v".repeat(100));
        }
        // 1,000 events within every per-event limit, about 6 MB together: over the 5 MiB body limit.
        String one = event("big", null, attributes);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(one);
        }
        ingest(project, "[" + String.join(",", events) + "]").statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", containsString("at most 5242880"));
        assertNothingStored(project);
    }

    @Test
    void regressionReopensOnlyAtOrAboveResolvedUntilVersion() {
        String project = newProject();
        ingest(project, event("crash", null, Map.of("version", "2.2.0"))).statusCode(202);
        service.foldStaged();
        given().auth().oauth2("test-tracker-token-of-the-suite").contentType("application/json")
                .body("{\"state\":\"resolved\",\"resolvedUntilVersion\":\"2.3.0\"}")
                .when().patch("/api/v1/projects/{project}/fingerprints/{fp}", project, "crash")
                .then().statusCode(200).body("state", equalTo("resolved"))
                .body("resolvedUntilVersion", equalTo("2.3.0"));

        ingest(project, event("crash", null, Map.of("version", "2.2.9"))).statusCode(202);
        ingest(project, event("crash", null, Map.of("hostname", "web-1"))).statusCode(202);
        service.foldStaged();
        fingerprint(project, "crash").statusCode(200).body("state", equalTo("resolved"))
                .body("regression", equalTo(false)).body("count", equalTo(3));

        ingest(project, event("crash", null, Map.of("version", "2.3.0"))).statusCode(202);
        service.foldStaged();
        fingerprint(project, "crash").statusCode(200).body("state", equalTo("open"))
                .body("regression", equalTo(true)).body("regressionVersion", equalTo("2.3.0"))
                .body("count", equalTo(4));

        List<FingerprintChanged> changes = recorder.of(project);
        assertEquals(2, changes.size(), changes.toString());
        assertEquals(Set.of(FingerprintChanged.Change.STATE, FingerprintChanged.Change.RESOLVED_UNTIL_VERSION),
                changes.get(0).changes());
        FingerprintChanged regression = changes.get(1);
        assertTrue(regression.isRegression());
        assertEquals("crash", regression.fingerprint());
        assertEquals("2.3.0", regression.regressionVersion());
        assertEquals(4, regression.eventCount());
    }

    @Test
    void anUnreadableStagedRequestIsSetAsideAndDoesNotBlockTheOthers() throws Exception {
        String project = newProject();
        ingest(project, event("before", null, Map.of())).statusCode(202);
        long poison;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO ingest_batch (project, event_count, payload) VALUES (?, 1, ?) RETURNING id")) {
            insert.setString(1, project);
            insert.setBytes(2, new byte[] { 0, 0, 0, 1, 0, 0, 0, 9, 42 });
            try (ResultSet result = insert.executeQuery()) {
                result.next();
                poison = result.getLong(1);
            }
        }
        ingest(project, event("after", null, Map.of())).statusCode(202);
        service.foldStaged();

        fingerprint(project, "before").statusCode(200).body("count", equalTo(1));
        fingerprint(project, "after").statusCode(200).body("count", equalTo(1));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT failed_at IS NOT NULL, failure FROM ingest_batch WHERE id = ?")) {
            select.setLong(1, poison);
            try (ResultSet result = select.executeQuery()) {
                assertTrue(result.next(), "the unreadable request is kept");
                assertTrue(result.getBoolean(1));
                assertTrue(result.getString(2).contains("unreadable"), result.getString(2));
            }
        }
    }
}
