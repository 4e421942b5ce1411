package io.jirasync.fingerprint;

import static io.jirasync.fingerprint.FingerprintIngestTest.event;
import static io.jirasync.fingerprint.FingerprintIngestTest.fingerprint;
import static io.jirasync.fingerprint.FingerprintIngestTest.ingest;
import static io.jirasync.fingerprint.FingerprintIngestTest.newProject;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jirasync.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The staged ingest requests waiting for the fold are bounded: when the bound is reached, ingest answers 503 with
 * Retry-After and stores nothing, and what was accepted before is counted in full.
 */
@QuarkusTest
@TestProfile(IngestQueueFullTest.TinyQueue.class)
class IngestQueueFullTest {

    /** Room for two staged requests; the fold runs only when the test calls it. */
    public static class TinyQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jira-sync.fingerprint.max-staged-requests", "2",
                    "jira-sync.fingerprint.full-retry-after", "7s");
        }
    }

    @Inject
    FingerprintService service;

    @Test
    void aFullQueueAnswers503WithRetryAfterAndLosesNothingAccepted() {
        service.foldStaged();
        String project = newProject();
        ingest(project, "[" + event("first", null, Map.of("hostname", "web-1")) + ","
                + event("first", null, Map.of("hostname", "web-2")) + "]").statusCode(202).body("accepted", equalTo(2));
        ingest(project, event("second", null, Map.of())).statusCode(202);

        ingest(project, event("refused", null, Map.of())).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "7")
                .body("status", equalTo(503))
                .body("detail", containsString("jira-sync.fingerprint.max-staged-requests"))
                .body("detail", containsString("Nothing of this request was stored"));

        // What an operator's alert sees: the refusals by status and route on the management interface.
        Management.given().when().get("/q/metrics").then().statusCode(200).body(matchesPattern(
                "(?s).*http_server_requests_seconds_count\\{[^}]*status=\"503\",uri=\"/api/v1/projects/\\{project}/events\"} [1-9].*"));

        service.foldStaged();
        fingerprint(project, "first").statusCode(200).body("count", equalTo(2));
        fingerprint(project, "second").statusCode(200).body("count", equalTo(1));
        fingerprint(project, "refused").statusCode(404);

        // The fold made room: the refused request, sent again, is accepted and counted once.
        ingest(project, event("refused", null, Map.of())).statusCode(202);
        service.foldStaged();
        fingerprint(project, "refused").statusCode(200).body("count", equalTo(1));
    }
}
