package io.jirasync.inbound;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** The inbound tests' view of the worker (admin and ingest API) and of the sandbox Jira (as the bot or a person). */
final class InboundFixture {

    static final String ADMIN = "test-admin-token-of-the-suite";
    static final String INGEST = "test-ingest-token-of-the-suite";
    static final String TRACKER = "test-tracker-token-of-the-suite";

    private InboundFixture() {
    }

    /**
     * Leaves other tests' unfinished tasks and pending deliveries aside (they name Jiras this test does not run)
     * and empties the sandbox.
     */
    static void forgetOtherTestsWork(jakarta.persistence.EntityManager em) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update sync_task set state = 'failed' where state in ('pending', 'running')")
                    .executeUpdate();
            em.createNativeQuery("update webhook_inbox set state = 'ignored' where state = 'pending'").executeUpdate();
        });
        given().post(sandbox() + "/_control/reset").then().statusCode(200);
    }

    /** The same, with the sandbox set to Jira Cloud. */
    static void forgetOtherTestsWorkOnCloud(EntityManager em) {
        forgetOtherTestsWork(em);
        given().contentType(ContentType.JSON).body(Map.of("flavour", "cloud")).patch(sandbox() + "/_control")
                .then().statusCode(200);
    }

    /** Inbox rows of the project. */
    static long inboxRows(EntityManager em, String project) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from webhook_inbox where project = ?1").setParameter(1, project).getSingleResult())
                .longValue());
    }

    /** Waits until the sandbox's deliveries have made at least {@code rows} inbox rows of the project. */
    static void awaitInbox(EntityManager em, String project, long rows) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).alias(rows + " deliveries for " + project)
                .until(() -> inboxRows(em, project) >= rows);
    }

    static String sandbox() {
        return "http://localhost:" + RestAssured.port + "/sandbox/jira";
    }

    /** An integration of {@code project} on the sandbox's DEMO project, with extra settings JSON. */
    static void integration(String project, String deployment, String extra) {
        integration(project, deployment, "sandbox-api-token", extra);
    }

    /** The same with this API token: another than the sandbox's makes Jira answer 401, so it cannot be asked. */
    static void integration(String project, String deployment, String token, String extra) {
        int api = "server".equals(deployment) ? 2 : 3;
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("""
                {"jira": {"url": "%s", "deployment": "%s", "apiVersion": %d,
                          "auth": {"type": "basic", "user": "jira-sync@example.com", "token": "%s"}},
                 "projectKey": "DEMO" %s}""".formatted(sandbox(), deployment, api, token, extra))
                .put("/api/v1/integrations/" + project).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** Posts one event per fingerprint with these attributes. */
    static void event(String project, List<String> fingerprints, Map<String, String> attributes) {
        List<Map<String, Object>> batch = fingerprints.stream().<Map<String, Object>> map(fp -> Map.of("fingerprint",
                fp, "title", "NullPointerException in " + fp, "attributes", attributes)).toList();
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(batch)
                .post("/api/v1/projects/" + project + "/events").then().statusCode(202);
    }

    static JsonPath fingerprint(String project, String fingerprint) {
        return given().auth().oauth2(TRACKER).get("/api/v1/projects/" + project + "/fingerprints/" + fingerprint)
                .then().statusCode(200).extract().jsonPath();
    }

    /** The sandbox as one of its users (ana, ben, jira-sync@example.com ...), v3. */
    static RequestSpecification jiraAs(String login) {
        return given().auth().preemptive().basic(login, "sandbox-api-token").contentType(ContentType.JSON);
    }

    static String api(String deployment) {
        return sandbox() + "/rest/api/" + ("server".equals(deployment) ? 2 : 3);
    }

    /** Moves an issue, as {@code login}, by the transition that reaches {@code status}. */
    static void moveTo(String login, String deployment, String key, String status) {
        List<Map<String, Object>> transitions = jiraAs(login).get(api(deployment) + "/issue/" + key + "/transitions")
                .then().statusCode(200).extract().path("transitions");
        Map<String, Object> transition = transitions.stream()
                .filter(t -> status.equals(((Map<?, ?>) t.get("to")).get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no transition of " + key + " reaches " + status + ": " + transitions));
        String fields = Boolean.TRUE.equals(transition.get("hasScreen"))
                ? ", \"fields\": {\"resolution\": {\"name\": \"Done\"}}"
                : "";
        jiraAs(login).body("{\"transition\": {\"id\": \"" + transition.get("id") + "\"}" + fields + "}")
                .post(api(deployment) + "/issue/" + key + "/transitions").then().statusCode(204);
    }
}
