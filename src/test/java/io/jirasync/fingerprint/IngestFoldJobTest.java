package io.jirasync.fingerprint;

import static io.jirasync.fingerprint.FingerprintIngestTest.event;
import static io.jirasync.fingerprint.FingerprintIngestTest.ingest;
import static io.jirasync.fingerprint.FingerprintIngestTest.newProject;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jirasync.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(IngestFoldJobTest.FoldJobOn.class)
class IngestFoldJobTest {

    /** The fold job on its schedule, as in production. */
    public static class FoldJobOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jira-sync.fingerprint.fold-every", "1s");
        }
    }

    @Test
    void acceptedEventsAreCountedByTheScheduledFoldWithoutAnyoneAsking() {
        String project = newProject();
        ingest(project, "[" + event("late", null, Map.of("hostname", "web-1")) + ","
                + event("late", null, Map.of("hostname", "web-2")) + "]").statusCode(202);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            var response = given().auth().oauth2("test-tracker-token-of-the-suite")
                    .when().get("/api/v1/projects/{project}/fingerprints/late", project);
            assertEquals(200, response.statusCode());
            assertEquals(2, response.jsonPath().getInt("count"));
        });
        Management.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jira_sync_ingest_staged_requests 0.0"))
                .body(containsString("jira_sync_ingest_set_aside_requests"));
    }
}
