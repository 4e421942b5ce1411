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

    private static String sandboxConnection(String user, String deployment) {
        return """
                {"url": "%s", "deployment": "%s", "auth": {"type": "basic", "user": "%s", "token": "sandbox-api-token"}}"""
                .formatted(io.jirasync.outbound.OutboundFixture.sandbox(), deployment, user);
    }

    @Test
    void projectsAreListedAsTheCredentialsSeeThemOnCloudAndServer() {
        io.jirasync.outbound.OutboundFixture.resetSandbox("cloud");
        given().auth().oauth2("test-admin-token-of-the-suite").contentType(ContentType.JSON)
                .body(sandboxConnection("jira-sync@example.com", "cloud")).post(PROBE + "/projects").then()
                .statusCode(200).body("projects.key", org.hamcrest.Matchers.contains("DEMO", "OPS"))
                .body(not(containsString("sandbox-api-token")));
        given().auth().oauth2("test-admin-token-of-the-suite").contentType(ContentType.JSON)
                .body(sandboxConnection("dan@example.com", "cloud")).post(PROBE + "/projects").then()
                .statusCode(200).body("projects.key", org.hamcrest.Matchers.contains("OPS"));
        io.jirasync.outbound.OutboundFixture.resetSandbox("server");
        given().auth().oauth2("test-admin-token-of-the-suite").contentType(ContentType.JSON)
                .body(sandboxConnection("jira-sync", "server")).post(PROBE + "/projects").then()
                .statusCode(200).body("projects.key", org.hamcrest.Matchers.contains("DEMO", "OPS"));
        io.jirasync.outbound.OutboundFixture.resetSandbox("cloud");
    }

    @Test
    void createScreensMarkTheRequiredFields() {
        io.jirasync.outbound.OutboundFixture.resetSandbox("cloud");
        var screens = given().auth().oauth2("test-admin-token-of-the-suite").contentType(ContentType.JSON)
                .body(sandboxConnection("jira-sync@example.com", "cloud")).post(PROBE + "/projects/DEMO/create-screens")
                .then().statusCode(200).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("Bug", "Task"),
                screens.getList("issueTypes.name"));
        org.junit.jupiter.api.Assertions.assertEquals(true,
                screens.get("issueTypes.find { it.name == 'Bug' }.fields.find { it.fieldId == 'customfield_10010' }.required"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("Backend", "Frontend", "Platform"),
                screens.getList("issueTypes.find { it.name == 'Bug' }.fields.find { it.name == 'Team' }.allowedValues"));
        org.junit.jupiter.api.Assertions.assertEquals(false,
                screens.get("issueTypes.find { it.name == 'Bug' }.fields.find { it.fieldId == 'labels' }.required"));
        given().auth().oauth2("test-admin-token-of-the-suite").contentType(ContentType.JSON)
                .body(sandboxConnection("dan@example.com", "cloud")).post(PROBE + "/projects/DEMO/create-screens")
                .then().statusCode(422).body("detail", containsString("cannot see project DEMO"));
    }
}
