package io.jirasync.jira;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class JiraProbeResourceTest {

    private static final String PROBE = "/api/v1/jira/probe";

    private static ValidatableResponse probeAsAdmin(String body) {
        return given().auth().oauth2("test-admin-token-of-the-suite").contentType(ContentType.JSON).body(body).post(PROBE)
                .then();
    }

    @Test
    void aMetadataAddressIsRefusedAsAProblemNamingTheUrlField() {
        probeAsAdmin("""
                {"url": "http://169.254.169.254/latest/meta-data", "deployment": "cloud", "apiVersion": 3,
                 "auth": {"type": "basic", "user": "bot@acme.com", "token": "very-secret-token"}}""")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Jira URL refused"))
                .body("errors[0].field", equalTo("url"))
                .body("detail", containsString("link-local"))
                .body(not(containsString("very-secret-token")));
    }

    @Test
    void badSettingsNameTheField() {
        probeAsAdmin("""
                {"url": "https://jira.acme.com", "deployment": "server", "apiVersion": 3,
                 "auth": {"type": "bearer", "token": "pat"}}""")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("apiVersion"));
        probeAsAdmin("""
                {"url": "https://jira.acme.com", "deployment": "cloud", "apiVersion": 3,
                 "auth": {"type": "basic", "token": "t"}}""")
                .statusCode(400)
                .body("errors[0].field", equalTo("auth.user"));
    }

    @Test
    void onlyAdminsMayProbe() {
        given().auth().oauth2("test-ingest-token-of-the-suite").contentType(ContentType.JSON).body("{}").post(PROBE)
                .then().statusCode(403);
        given().contentType(ContentType.JSON).body("{}").post(PROBE).then().statusCode(401);
    }
}
