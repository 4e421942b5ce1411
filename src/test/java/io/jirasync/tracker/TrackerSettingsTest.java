package io.jirasync.tracker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.StoredIntegration;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The {@code tracker} block per kind: what each kind requires, and its two secrets stored encrypted and masked. */
@QuarkusTest
class TrackerSettingsTest {

    static final String ADMIN = "test-admin-token-of-the-suite";

    @Inject
    IntegrationService integrations;

    @Inject
    EntityManager em;

    static String settings(String tracker) {
        return """
                {"jira": {"url": "https://acme.atlassian.net", "auth": {"type": "basic", "user": "bot@acme.com",
                          "token": "jira-token-of-tracker-settings"}},
                 "projectKey": "OPS", "tracker": %s}""".formatted(tracker);
    }

    @Test
    void aSentryBlockWithoutItsPartsNamesEveryMissingOneAtOnce() {
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(settings("{\"kind\": \"sentry\", \"callbackUrl\": \"https://tracker.acme.com/hooks\"}"))
                .when().put("/api/v1/integrations/trk-missing")
                .then().statusCode(400)
                .body("errors.field", hasItems("tracker.url", "tracker.organization", "tracker.token",
                        "tracker.webhookSecret", "tracker.callbackUrl"))
                .body("errors.find { it.field == 'tracker.url' }.message", containsString("required for kind sentry"));
        given().auth().oauth2(ADMIN).when().get("/api/v1/integrations/trk-missing").then().statusCode(404);
    }

    @Test
    void anUnknownKindIsRefused() {
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(settings("{\"kind\": \"raygun\"}"))
                .when().put("/api/v1/integrations/trk-unknown")
                .then().statusCode(400)
                .body("errors.field", hasItems("tracker.kind"));
    }

    @Test
    void connectorSettingsOnAGenericTrackerAreRefused() {
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(settings("{\"callbackUrl\": \"https://tracker.acme.com/hooks\", \"token\": \"t\","
                        + " \"organization\": \"acme\"}"))
                .when().put("/api/v1/integrations/trk-generic")
                .then().statusCode(400)
                .body("errors.field", hasItems("tracker.token", "tracker.organization"));
    }

    @Test
    void sentryTokenAndWebhookSecretAreEncryptedMaskedAndKept() {
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(settings("""
                        {"kind": "sentry", "url": "https://sentry.example.com/", "organization": "acme",
                         "project": "shop-web", "token": "sntrys_token_value_1", "webhookSecret": "sentry-hook-secret-1"}"""))
                .when().put("/api/v1/integrations/trk-sentry")
                .then().statusCode(201)
                .body("tracker.kind", equalTo("sentry"))
                .body("tracker.url", equalTo("https://sentry.example.com"))
                .body("tracker.token", equalTo("********"))
                .body("tracker.webhookSecret", equalTo("********"))
                .body("tracker.secret", nullValue())
                .body(not(containsString("sntrys_token_value_1")))
                .body(not(containsString("sentry-hook-secret-1")));
        // A PUT that sends the mask (as a GET shows it) keeps both secrets.
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(settings("""
                        {"kind": "sentry", "url": "https://sentry.example.com", "organization": "acme",
                         "token": "********", "webhookSecret": "********"}"""))
                .when().put("/api/v1/integrations/trk-sentry")
                .then().statusCode(200);
        StoredIntegration stored = integrations.load("trk-sentry").orElseThrow();
        assertEquals("sntrys_token_value_1", stored.trackerToken().orElseThrow());
        assertEquals("sentry-hook-secret-1", stored.trackerWebhookSecret().orElseThrow());
        assertEquals("sentry-hook-secret-1", integrations.webhookCheck("trk-sentry").trackerWebhookSecret().orElseThrow());
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select settings::text, tracker_token, tracker_webhook_secret from integration where project = 'trk-sentry'")
                .getSingleResult());
        assertFalse(((String) row[0]).contains("sntrys_token_value_1"));
        assertFalse(new String((byte[]) row[1], StandardCharsets.ISO_8859_1).contains("sntrys_token_value_1"));
        assertFalse(new String((byte[]) row[2], StandardCharsets.ISO_8859_1).contains("sentry-hook-secret-1"));
    }

    @Test
    void rollbarAndBugsnagGetTheirApiHostAndBugsnagNeedsItsProject() {
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(settings("{\"kind\": \"rollbar\", \"token\": \"rb\", \"webhookSecret\": \"rb-hook\"}"))
                .when().put("/api/v1/integrations/trk-rollbar")
                .then().statusCode(201)
                .body("tracker.url", equalTo("https://api.rollbar.com"));
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(settings("{\"kind\": \"bugsnag\", \"token\": \"bs\", \"webhookSecret\": \"bs-hook\"}"))
                .when().put("/api/v1/integrations/trk-bugsnag")
                .then().statusCode(400)
                .body("errors.field", hasItems("tracker.project"));
    }
}
