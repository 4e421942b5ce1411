package io.jirasync.tracker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the trackers' webhook endpoint refuses, and that a refused delivery stores nothing: a wrong or missing
 * signature or token, a stale timestamp, an admin bearer token in place of the secret (401), an unknown project or
 * kind (404), a body not of the tracker's shape (400 naming what is missing), a kind of event not used (202 ignored).
 */
@QuarkusTest
class TrackerWebhookRefusalTest {

    static final String PROJECT = "refusals";

    @Inject
    FingerprintService fingerprints;

    @BeforeEach
    void integrations() {
        TrackerWebhooks.integration(PROJECT, "sentry", "https://sentry.example.com");
        TrackerWebhooks.integration(PROJECT + "-rollbar", "rollbar", "https://api.rollbar.com");
        fingerprints.foldStaged();
    }

    private static byte[] created() {
        return TrackerWebhooks.payload("sentry", "issue-created.json");
    }

    @Test
    void aSignatureMadeWithAnotherSecretIs401AndStoresNothing() {
        TrackerWebhooks.deliver("sentry", PROJECT, "issue-created.json", created(), "another-secret")
                .statusCode(401).body("detail", containsString("does not match the body"));
        assertNothingStored();
    }

    @Test
    void aBodyChangedAfterSigningIs401() {
        byte[] body = created();
        String signature = TrackerWebhooks.sentrySignature(body, TrackerWebhooks.SECRET);
        byte[] changed = new String(body, StandardCharsets.UTF_8).replace("\"count\": \"1\"", "\"count\": \"9999\"")
                .getBytes(StandardCharsets.UTF_8);
        assertNotEquals(new String(body, StandardCharsets.UTF_8), new String(changed, StandardCharsets.UTF_8));
        given().contentType("application/json").body(changed).header("Sentry-Hook-Resource", "issue")
                .header("Sentry-Hook-Timestamp", String.valueOf(Instant.now().getEpochSecond()))
                .header("Sentry-Hook-Signature", signature)
                .when().post("/webhooks/trackers/sentry/" + PROJECT).then().statusCode(401);
        assertNothingStored();
    }

    @Test
    void aMissingSignatureIs401() {
        given().contentType("application/json").body(created()).header("Sentry-Hook-Resource", "issue")
                .header("Sentry-Hook-Timestamp", String.valueOf(Instant.now().getEpochSecond()))
                .when().post("/webhooks/trackers/sentry/" + PROJECT).then().statusCode(401)
                .body("detail", containsString("Sentry-Hook-Signature header is missing"));
        assertNothingStored();
    }

    @Test
    void aTimestampSixMinutesOldIs401() {
        byte[] body = created();
        given().contentType("application/json").body(body).header("Sentry-Hook-Resource", "issue")
                .header("Sentry-Hook-Timestamp", String.valueOf(Instant.now().minusSeconds(360).getEpochSecond()))
                .header("Sentry-Hook-Signature", TrackerWebhooks.sentrySignature(body, TrackerWebhooks.SECRET))
                .when().post("/webhooks/trackers/sentry/" + PROJECT).then().statusCode(401)
                .body("detail", containsString("more than 5 minutes from now"));
        assertNothingStored();
    }

    @Test
    void anAdminBearerTokenIsNoWebhookSecret() {
        given().auth().oauth2(TrackerWebhooks.ADMIN).contentType("application/json")
                .body(TrackerWebhooks.payload("rollbar", "new_item.json"))
                .when().post("/webhooks/trackers/rollbar/" + PROJECT + "-rollbar").then().statusCode(401);
        TrackerWebhooks.deliver("rollbar", PROJECT + "-rollbar", "new_item.json",
                TrackerWebhooks.payload("rollbar", "new_item.json"), "wrong-token").statusCode(401)
                .body("detail", containsString("not the webhook secret"));
        assertNothingStored();
    }

    @Test
    void anUnknownProjectOrAnotherKindIs404() {
        TrackerWebhooks.deliver("sentry", "no-such-project", "issue-created.json", created(), TrackerWebhooks.SECRET)
                .statusCode(404);
        TrackerWebhooks.deliver("rollbar", PROJECT, "new_item.json", TrackerWebhooks.payload("rollbar", "new_item.json"),
                TrackerWebhooks.SECRET).statusCode(404).body("detail", containsString("has tracker kind sentry"));
        given().contentType("application/json").body("{}").when().post("/webhooks/trackers/raygun/" + PROJECT)
                .then().statusCode(404);
        assertNothingStored();
    }

    @Test
    void aBodyNotOfTheTrackersShapeIs400NamingEveryMissingField() {
        byte[] body = "{\"action\": \"resolved\", \"data\": {\"issue\": {\"status\": \"resolved\"}}}"
                .getBytes(StandardCharsets.UTF_8);
        TrackerWebhooks.deliver("sentry", PROJECT, "issue-x.json", body, TrackerWebhooks.SECRET)
                .statusCode(400).body("errors.field", hasItems("data.issue.id", "data.issue.title"));
        byte[] rollbar = "{\"event_name\": \"new_item\", \"data\": {}}".getBytes(StandardCharsets.UTF_8);
        TrackerWebhooks.deliver("rollbar", PROJECT + "-rollbar", "x.json", rollbar, TrackerWebhooks.SECRET)
                .statusCode(400).body("errors.field", hasItems("data.item", "data.item.id", "data.item.title"));
        TrackerWebhooks.deliver("sentry", PROJECT, "issue-x.json", "not json".getBytes(StandardCharsets.UTF_8),
                TrackerWebhooks.SECRET).statusCode(400);
        assertNothingStored();
    }

    @Test
    void aValidDeliveryOfAKindNotUsedIs202IgnoredWithTheReason() {
        TrackerWebhooks.deliver("sentry", PROJECT, "comment-created.json",
                TrackerWebhooks.payload("sentry", "comment-created.json"), TrackerWebhooks.SECRET)
                .statusCode(202).body("outcome", equalTo("ignored"))
                .body("reason", containsString("comment webhooks are not used"));
        TrackerWebhooks.deliver("rollbar", PROJECT + "-rollbar", "deploy.json",
                TrackerWebhooks.payload("rollbar", "deploy.json"), TrackerWebhooks.SECRET)
                .statusCode(202).body("outcome", equalTo("ignored"))
                .body("reason", containsString("deploy notifications are not used"));
        assertNothingStored();
    }

    private void assertNothingStored() {
        assertEquals(0, fingerprints.stagedBacklog()[0], "a staged request");
        given().auth().oauth2(TrackerWebhooks.TRACKER).when().get("/api/v1/projects/" + PROJECT + "/fingerprints")
                .then().statusCode(200).body("items.size()", equalTo(0));
    }
}
