package io.jirasync.jira;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Plain http to Atlassian Cloud, and credentials written into a URL, are refused as soon as an admin stores or probes
 * such a URL, naming the field and never showing the credential.
 */
@QuarkusTest
class OutboundUrlPolicyTest {

    private static final String ADMIN = "test-admin-token-of-the-suite";

    private static ValidatableResponse put(String project, String jiraUrl, String trackerUrl) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("""
                {"jira": {"url": "%s", "auth": {"type": "basic", "user": "bot@acme.com", "token": "jira-api-token"}},
                 "projectKey": "OPS", "tracker": {"callbackUrl": "%s"}}""".formatted(jiraUrl, trackerUrl))
                .put("/api/v1/integrations/" + project).then();
    }

    private static ValidatableResponse probe(String url) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("""
                {"url": "%s", "deployment": "cloud", "apiVersion": 3,
                 "auth": {"type": "basic", "user": "bot@acme.com", "token": "jira-api-token"}}""".formatted(url))
                .post("/api/v1/jira/probe").then();
    }

    @Test
    void plainHttpToAnAtlassianCloudSiteIsNotStored() {
        put("plain-http", "http://acme.atlassian.net", "https://tracker.acme.com/hooks")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("jira.url"))
                .body("errors[0].message", containsString("plain http would send the credentials unencrypted"))
                .body("errors[0].message", containsString("jira-sync.jira.allow-plain-http"));
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/plain-http").then().statusCode(404);
    }

    @Test
    void credentialsInTheJiraAndTrackerUrlsAreRefusedTogetherAndNeverShown() {
        put("userinfo", "https://bot:hunter2-in-url@jira.acme.com", "http://hook:tracker-pw-in-url@tracker.acme.com/h")
                .statusCode(400)
                .body("errors.field", equalTo(java.util.List.of("jira.url", "tracker.callbackUrl")))
                .body("errors[0].message", containsString("credentials belong in the auth settings"))
                .body(not(containsString("hunter2-in-url")))
                .body(not(containsString("tracker-pw-in-url")));
    }

    @Test
    void theProbeRefusesTheSameUrlsAsAProblemNamingTheUrl() {
        probe("http://acme.atlassian.net")
                .statusCode(422)
                .body("title", equalTo("Jira URL refused"))
                .body("errors[0].field", equalTo("url"))
                .body("detail", containsString("plain http would send the credentials unencrypted"));
        probe("https://bot:hunter2-in-url@jira.acme.com")
                .statusCode(422)
                .body("errors[0].field", equalTo("url"))
                .body("detail", equalTo("The Jira URL https://jira.acme.com is refused: credentials belong in the "
                        + "auth settings, not in the URL"))
                .body(not(containsString("hunter2-in-url")));
    }

    @Test
    void httpsToAtlassianCloudIsStored() {
        put("https-cloud", "https://acme.atlassian.net", "https://tracker.acme.com/hooks").statusCode(oneOf(200, 201));
        given().auth().oauth2(ADMIN).delete("/api/v1/integrations/https-cloud").then().statusCode(204);
    }
}
