package io.jirasync.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.outbound.OutboundFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Tokens limited to some tracker projects ({@code token@scoped-shop|scoped-web} in the test profile) act on those
 * projects only, whatever their role.
 */
@QuarkusTest
class ProjectScopeTest {

    private static final String SCOPED_INGEST = "test-scoped-ingest-token-of-the-suite";
    private static final String SCOPED_TRACKER = "test-scoped-tracker-token-of-the-suite";
    private static final String SCOPED_ADMIN = "test-scoped-admin-token-of-the-suite";
    private static final String EVENT = "{\"fingerprint\": \"s-1\", \"title\": \"Boom\"}";

    @Inject
    FingerprintService fingerprints;

    @Test
    void scopedIngestTokenSendsEventsToItsProjectsOnly() {
        given().auth().oauth2(SCOPED_INGEST).contentType(ContentType.JSON).body(EVENT)
                .post("/api/v1/projects/scoped-shop/events").then().statusCode(202);
        given().auth().oauth2(SCOPED_INGEST).contentType(ContentType.JSON).body(EVENT)
                .post("/api/v1/projects/scoped-web/events").then().statusCode(202);
        given().auth().oauth2(SCOPED_INGEST).contentType(ContentType.JSON).body(EVENT)
                .post("/api/v1/projects/scoped-api/events").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("This token is scoped to scoped-shop, scoped-web; not to scoped-api."));
        fingerprints.foldStaged();
        given().auth().oauth2(OutboundFixture.ADMIN).get("/api/v1/projects/scoped-api/fingerprints").then()
                .statusCode(200).body("items", empty());
        given().auth().oauth2(OutboundFixture.ADMIN).get("/api/v1/projects/scoped-shop/fingerprints").then()
                .statusCode(200).body("items", not(empty()));
    }

    @Test
    void scopedTrackerTokenReadsAndChangesItsProjectsOnly() {
        given().auth().oauth2(SCOPED_TRACKER).contentType(ContentType.JSON).body(EVENT)
                .post("/api/v1/projects/scoped-web/events").then().statusCode(202);
        given().auth().oauth2(OutboundFixture.ADMIN).contentType(ContentType.JSON).body(EVENT)
                .post("/api/v1/projects/scoped-api/events").then().statusCode(202);
        fingerprints.foldStaged();
        given().auth().oauth2(SCOPED_TRACKER).contentType(ContentType.JSON).body("{\"state\": \"ignored\"}")
                .patch("/api/v1/projects/scoped-web/fingerprints/s-1").then().statusCode(200)
                .body("state", equalTo("ignored"));
        given().auth().oauth2(SCOPED_TRACKER).contentType(ContentType.JSON).body("{\"state\": \"ignored\"}")
                .patch("/api/v1/projects/scoped-api/fingerprints/s-1").then().statusCode(403)
                .body("detail", equalTo("This token is scoped to scoped-shop, scoped-web; not to scoped-api."));
        given().auth().oauth2(SCOPED_TRACKER).get("/api/v1/projects/scoped-api/fingerprints").then().statusCode(403);
        given().auth().oauth2(SCOPED_TRACKER).delete("/api/v1/projects/scoped-api/fingerprints/s-1/ticket").then()
                .statusCode(403);
        given().auth().oauth2(OutboundFixture.ADMIN).get("/api/v1/projects/scoped-api/fingerprints/s-1").then()
                .statusCode(200).body("state", equalTo("open"));
    }

    @Test
    void scopedAdminTokenConfiguresItsProjectOnlyAndNothingOfAllProjects() {
        String settings = """
                {"jira": {"url": "%s", "deployment": "cloud", "apiVersion": 3,
                          "auth": {"type": "basic", "user": "jira-sync@example.com", "token": "sandbox-api-token"}},
                 "projectKey": "DEMO"}""".formatted(OutboundFixture.sandbox());
        given().auth().oauth2(SCOPED_ADMIN).contentType(ContentType.JSON).body(settings)
                .put("/api/v1/integrations/scoped-shop").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        given().auth().oauth2(SCOPED_ADMIN).get("/api/v1/integrations/scoped-shop/sync-log").then().statusCode(200);
        given().auth().oauth2(SCOPED_ADMIN).contentType(ContentType.JSON).body(settings)
                .put("/api/v1/integrations/scoped-api").then().statusCode(403)
                .body("detail", equalTo("This token is scoped to scoped-shop; not to scoped-api."));
        given().auth().oauth2(SCOPED_ADMIN).get("/api/v1/integrations/scoped-api").then().statusCode(403);
        given().auth().oauth2(SCOPED_ADMIN).post("/api/v1/system/secrets/re-encrypt").then().statusCode(403)
                .body("detail", equalTo("This token is scoped to scoped-shop; POST /api/v1/system/secrets/re-encrypt"
                        + " is not about one project and needs a token without a scope."));
        given().auth().oauth2(SCOPED_ADMIN).get("/api/v1/system").then().statusCode(403);
    }

    @Test
    void theWebhookReceiverNeedsNoTokenAndIgnoresOne() {
        given().auth().oauth2(SCOPED_INGEST).contentType(ContentType.JSON).body("{}")
                .post("/webhooks/jira/scoped-nowhere").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{}").post("/webhooks/jira/scoped-nowhere").then().statusCode(404);
    }
}
