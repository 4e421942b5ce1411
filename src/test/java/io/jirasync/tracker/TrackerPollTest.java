package io.jirasync.tracker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.sandbox.trackers.FakeSentry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** Missed Sentry webhooks repaired by the poll of Sentry's issues: a new issue, then its resolve. */
@QuarkusTest
class TrackerPollTest {

    @Inject
    TrackerPollJob poll;
    @Inject
    FingerprintService fingerprints;

    private static JsonPath fingerprint(String project, String id) {
        return given().auth().oauth2(TrackerWebhooks.TRACKER).get("/api/v1/projects/" + project + "/fingerprints/"
                + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aNewIssueAndAResolveWhoseWebhooksWereMissedArriveWithTheNextPoll() {
        try (FakeSentry sentry = new FakeSentry("acme", "shop-web", "tracker-api-token", TrackerWebhooks.SECRET,
                Set.of())) {
            TrackerWebhooks.integration("polled", "sentry", sentry.url());
            sentry.webhookUrl("http://localhost:" + RestAssured.port + "/webhooks/trackers/sentry/polled");
            sentry.webhooks(false);

            sentry.create("5001", "ValueError: bad cart", 7);
            given().auth().oauth2(TrackerWebhooks.TRACKER).get("/api/v1/projects/polled/fingerprints/5001").then()
                    .statusCode(404);
            TrackerPollJob.Run first = poll.poll("polled");
            fingerprints.foldStaged();
            assertEquals(new TrackerPollJob.Run("polled", true, 1, 1, null), first);
            JsonPath fp = fingerprint("polled", "5001");
            assertEquals("ValueError: bad cart", fp.getString("title"));
            assertEquals(7, fp.getInt("count"));
            assertEquals("open", fp.getString("state"));
            assertEquals(sentry.url() + "/organizations/acme/issues/5001/", fp.getString("link"));

            sentry.resolve("5001");
            poll.poll("polled");
            fingerprints.foldStaged();
            assertEquals("resolved", fingerprint("polled", "5001").getString("state"));
            assertTrue(sentry.received().get(0).path().startsWith("/api/0/projects/acme/shop-web/issues/?query="
                    + "lastSeen%3A%3E"), sentry.received().get(0).path());
            assertEquals("Bearer tracker-api-token", sentry.received().get(0).header("Authorization"));
            assertEquals(0, sentry.sent().size(), "no webhook reached the worker");
        }
    }
}
