package io.jirasync.outbound;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Drives the worker the way its users do: the admin API, the ingest API and the sandbox's control endpoint. */
public final class OutboundFixture {

    public static final String ADMIN = "test-admin-token-of-the-suite";
    public static final String INGEST = "test-ingest-token-of-the-suite";
    public static final String TRACKER = "test-tracker-token-of-the-suite";

    private OutboundFixture() {
    }

    public static String sandbox() {
        return "http://localhost:" + RestAssured.port + "/sandbox/jira";
    }

    public static void resetSandbox(String flavour) {
        given().post(sandbox() + "/_control/reset").then().statusCode(200);
        control(Map.of("flavour", flavour));
    }

    public static void control(Map<String, Object> settings) {
        given().contentType(ContentType.JSON).body(settings).patch(sandbox() + "/_control").then().statusCode(200);
    }

    public static long received(String methodAndTemplate) {
        Number n = given().get(sandbox() + "/_control/counters").then().statusCode(200).extract()
                .path("requests.'" + methodAndTemplate + "'");
        return n == null ? 0 : n.longValue();
    }

    /** An integration of {@code project} on the sandbox's DEMO project (Cloud, v3), with extra settings JSON. */
    public static void integration(String project, String extra) {
        integration(project, "jira-sync@example.com", extra);
    }

    /** The same as another sandbox user: a site (budget, circuit breaker) of its own. */
    public static void integration(String project, String user, String extra) {
        integrationAt(sandbox(), project, user, extra);
    }

    /**
     * The same on the sandbox reached at {@code url} (e.g. by 127.0.0.1 instead of localhost): a site of its own
     * even for a user the other tests sign in as.
     */
    public static void integrationAt(String url, String project, String user, String extra) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("""
                {"jira": {"url": "%s", "deployment": "cloud", "apiVersion": 3,
                          "auth": {"type": "basic", "user": "%s", "token": "sandbox-api-token"}},
                 "projectKey": "DEMO" %s}""".formatted(url, user, extra))
                .put("/api/v1/integrations/" + project).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** Ends every pending or running task earlier tests left (as failed), so that a test's dispatch runs only its own. */
    public static void failOpenTasks(jakarta.persistence.EntityManager em) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> em
                .createNativeQuery("update sync_task set state = 'failed' where state in ('pending', 'running')")
                .executeUpdate());
    }

    /** How many issues the sandbox holds. */
    public static long issuesInSandbox() {
        return given().get(sandbox() + "/_control").then().statusCode(200).extract().<Number> path("issues").longValue();
    }

    /** Posts {@code perFingerprint} events for each fingerprint, with the given attributes. */
    public static void ingest(String project, List<String> fingerprints, int perFingerprint, Map<String, String> attributes) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (String fp : fingerprints) {
            for (int i = 0; i < perFingerprint; i++) {
                batch.add(Map.of("fingerprint", fp, "title", "NullPointerException in " + fp,
                        "attributes", attributes, "link", "https://tracker.example.com/" + fp));
                if (batch.size() == 1000) {
                    post(project, batch);
                    batch = new ArrayList<>();
                }
            }
        }
        if (!batch.isEmpty()) {
            post(project, batch);
        }
    }

    private static void post(String project, List<Map<String, Object>> batch) {
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(batch)
                .post("/api/v1/projects/" + project + "/events").then().statusCode(202);
    }
}
