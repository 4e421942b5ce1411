package io.jirasync.tracker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jirasync.sandbox.trackers.FakeSentry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The tracker side of {@code test}: the token reaches the fake Sentry and sees the organization and project; a
 * wrong token, organization or project is a finding naming that setting. Only the tracker's findings are looked
 * at (the integration's Jira is not reachable here).
 */
@QuarkusTest
class TrackerPreflightTest {

    private static List<Map<String, String>> trackerFindings(String project) {
        List<Map<String, String>> findings = given().auth().oauth2(TrackerWebhooks.ADMIN)
                .post("/api/v1/integrations/" + project + "/test").then().statusCode(200).extract().path("findings");
        return findings.stream().filter(f -> f.get("field").startsWith("tracker.")).toList();
    }

    @Test
    void theTokenSeesTheProjectOrTheFindingNamesWhatToFix() {
        try (FakeSentry sentry = new FakeSentry("acme", "shop-web", "tracker-api-token", TrackerWebhooks.SECRET,
                Set.of());
                FakeSentry otherOrg = new FakeSentry("globex", "shop-web", "tracker-api-token",
                        TrackerWebhooks.SECRET, Set.of());
                FakeSentry otherToken = new FakeSentry("acme", "shop-web",
                        "another-token", TrackerWebhooks.SECRET, Set.of())) {
            TrackerWebhooks.integration("pre-sentry", "sentry", sentry.url());
            assertEquals(List.of(Map.of("severity", "ok", "field", "tracker.token", "message",
                    "Sentry answers and the token sees the Sentry project acme/shop-web.")),
                    trackerFindings("pre-sentry"));
            assertEquals("GET /api/0/projects/acme/shop-web/", sentry.received().get(0).method() + " "
                    + sentry.received().get(0).path());

            TrackerWebhooks.integration("pre-sentry", "sentry", otherOrg.url());
            assertEquals(List.of(Map.of("severity", "error", "field", "tracker.organization", "message",
                    "Sentry does not know the Sentry project acme/shop-web (HTTP 404): check tracker.organization and"
                            + " tracker.project.")),
                    trackerFindings("pre-sentry"));

            TrackerWebhooks.integration("pre-sentry", "sentry", otherToken.url());
            assertEquals(List.of(Map.of("severity", "error", "field", "tracker.token", "message",
                    "Sentry refuses the token (HTTP 401): give it access to the Sentry project acme/shop-web.")),
                    trackerFindings("pre-sentry"));
        }
    }
}
