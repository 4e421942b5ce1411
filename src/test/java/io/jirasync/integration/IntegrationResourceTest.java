package io.jirasync.integration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class IntegrationResourceTest {

    static final String ADMIN = "test-admin-token-of-the-suite";

    @Inject
    EntityManager em;

    static String settings(String token) {
        return """
                {"jira": {"url": "https://acme.atlassian.net/", "auth": {"type": "basic", "user": "bot@acme.com"%s}},
                 "projectKey": "OPS",
                 "summary": "[$environment] $title",
                 "customFields": [{"field": "customfield_10042", "value": "Hostname: $hostname"}],
                 "webhookSecret": "hook-secret-value-1",
                 "tracker": {"callbackUrl": "https://tracker.acme.com/hooks", "secret": "tracker-secret-value-1"}}
                """.formatted(token == null ? "" : ", \"token\": \"" + token + "\"");
    }

    @Test
    void putCreatesThenGetShowsDefaultsAndMasksEverySecret() {
        given().auth().oauth2(ADMIN).contentType("application/json").body(settings("jira-api-token-value-1"))
                .when().put("/api/v1/integrations/shop-a")
                .then().statusCode(201)
                .body("jira.auth.token", equalTo("********"));

        given().auth().oauth2(ADMIN).when().get("/api/v1/integrations/shop-a")
                .then().statusCode(200)
                .body("jira.url", equalTo("https://acme.atlassian.net"))
                .body("jira.deployment", equalTo("cloud"))
                .body("jira.apiVersion", equalTo(3))
                .body("jira.auth.user", equalTo("bot@acme.com"))
                .body("jira.auth.token", equalTo("********"))
                .body("webhookSecret", equalTo("********"))
                .body("tracker.secret", equalTo("********"))
                .body("issueType", equalTo("Bug"))
                .body("labels", hasItem("jira-sync"))
                .body("fieldMapping.labels", equalTo("labels"))
                .body("fieldMapping.description", equalTo("description"))
                .body("rules.states", hasItem("open"))
                .body("sync.inbound.fixVersion", equalTo(true))
                .body("onRegression", equalTo("reopen"))
                .body(org.hamcrest.Matchers.not(containsString("jira-api-token-value-1")))
                .body(org.hamcrest.Matchers.not(containsString("hook-secret-value-1")));
    }

    @Test
    void secretsAreStoredAsCiphertextAndKeptWhenAPutLeavesThemOut() {
        given().auth().oauth2(ADMIN).contentType("application/json").body(settings("jira-api-token-value-2"))
                .when().put("/api/v1/integrations/shop-b").then().statusCode(201);
        byte[] stored = jiraSecretColumn("shop-b");
        assertNotNull(stored);
        String raw = new String(stored, StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("jira-api-token-value-2"), "the token is stored in clear");
        String settingsColumn = QuarkusTransaction.requiringNew().call(() -> (String) em
                .createNativeQuery("select settings::text from integration where project = 'shop-b'").getSingleResult());
        assertFalse(settingsColumn.contains("jira-api-token-value-2"));
        assertFalse(settingsColumn.contains("hook-secret-value-1"));
        assertFalse(settingsColumn.contains("tracker-secret-value-1"));

        // GET, change the summary, PUT back what GET showed: the secrets survive the round trip.
        String shown = given().auth().oauth2(ADMIN).when().get("/api/v1/integrations/shop-b").then().statusCode(200)
                .extract().asString().replace("$title", "$title (changed)");
        given().auth().oauth2(ADMIN).contentType("application/json").body(shown)
                .when().put("/api/v1/integrations/shop-b").then().statusCode(200)
                .body("summary", equalTo("[$environment] $title (changed)"))
                .body("jira.auth.token", equalTo("********"));
        // And a PUT without the token at all keeps it too.
        given().auth().oauth2(ADMIN).contentType("application/json").body(settings(null))
                .when().put("/api/v1/integrations/shop-b").then().statusCode(200)
                .body("jira.auth.token", equalTo("********"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(stored, jiraSecretColumn("shop-b"), "the stored token changed");
    }

    @Test
    void emptyStringRemovesASecret() {
        given().auth().oauth2(ADMIN).contentType("application/json").body(settings("jira-api-token-value-3"))
                .when().put("/api/v1/integrations/shop-c").then().statusCode(201);
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(settings("jira-api-token-value-3").replace("\"hook-secret-value-1\"", "\"\""))
                .when().put("/api/v1/integrations/shop-c").then().statusCode(200)
                .body("webhookSecret", nullValue());
    }

    @Test
    void invalidSettingsNameEveryBadFieldAndStoreNothing() {
        String bad = """
                {"jira": {"url": "ftp://acme", "deployment": "moon", "apiVersion": 7, "auth": {"type": "magic", "token": "x"}},
                 "projectKey": "ops lower",
                 "rules": {"minEvents": 0, "states": ["sleeping"]},
                 "onRegression": "panic"}
                """;
        given().auth().oauth2(ADMIN).contentType("application/json").body(bad)
                .when().put("/api/v1/integrations/shop-bad")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("jira.url", "jira.deployment", "jira.apiVersion", "jira.auth.type",
                        "projectKey", "rules.minEvents", "rules.states[0]", "onRegression"));
        given().auth().oauth2(ADMIN).when().get("/api/v1/integrations/shop-bad").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void misspeltKeyIsRejectedByName() {
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(settings("t").replace("\"summary\"", "\"summery\""))
                .when().put("/api/v1/integrations/shop-typo")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("summery"));
    }

    @Test
    void everyTypoAndBadValueIsNamedInOneProblem() {
        String body = settings("t").replace("\"summary\"", "\"summery\"")
                .replace("\"projectKey\": \"OPS\"", "\"projectKey\": \"ops\", \"lables\": [\"x\"],"
                        + " \"rules\": {\"minEvents\": \"lots\", \"autoCreat\": true, \"states\": [\"opne\"]}")
                .replace("\"field\": \"customfield_10042\"", "\"feild\": \"customfield_10042\"");
        given().auth().oauth2(ADMIN).contentType("application/json").body(body)
                .when().put("/api/v1/integrations/shop-typos")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("8 fields are invalid"))
                .body("errors.field", containsInAnyOrder("summery", "lables", "rules.minEvents", "rules.autoCreat",
                        "rules.states[0]", "projectKey", "customFields[0].feild", "customFields[0].field"))
                .body(not(containsString("tracker-secret-value-1")));
        given().auth().oauth2(ADMIN).when().get("/api/v1/integrations/shop-typos").then().statusCode(404);
    }

    @Test
    void missingTokenOnFirstPutIsRejected() {
        given().auth().oauth2(ADMIN).contentType("application/json").body(settings(null))
                .when().put("/api/v1/integrations/shop-notoken")
                .then().statusCode(400)
                .body("errors.field", hasItem("jira.auth.token"));
    }

    @Test
    void serverWithApiVersion3IsRejected() {
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(settings("t").replace("\"url\": \"https://acme.atlassian.net/\"",
                        "\"url\": \"https://jira.acme.com\", \"deployment\": \"server\", \"apiVersion\": 3"))
                .when().put("/api/v1/integrations/shop-server")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("jira.apiVersion"));
    }

    @Test
    void deleteRemovesAndIngestTokenCannotTouchSettings() {
        given().auth().oauth2("test-ingest-token-of-the-suite").when().get("/api/v1/integrations/shop-d").then()
                .statusCode(403);
        given().auth().oauth2(ADMIN).contentType("application/json").body(settings("tok"))
                .when().put("/api/v1/integrations/shop-d").then().statusCode(201);
        given().auth().oauth2(ADMIN).when().delete("/api/v1/integrations/shop-d").then().statusCode(204);
        given().auth().oauth2(ADMIN).when().delete("/api/v1/integrations/shop-d").then().statusCode(404);
    }

    private byte[] jiraSecretColumn(String project) {
        return QuarkusTransaction.requiringNew().call(() -> (byte[]) em
                .createNativeQuery("select jira_secret from integration where project = ?1")
                .setParameter(1, project).getSingleResult());
    }

    @Test
    void malformedJsonAndWrongTypesAreProblems() {
        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"jira\": ")
                .when().put("/api/v1/integrations/shop-json")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"));
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(settings("t").replace("\"summary\": \"[$environment] $title\"", "\"rules\": {\"minEvents\": \"lots\"}"))
                .when().put("/api/v1/integrations/shop-json")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("rules.minEvents"));
        given().auth().oauth2(ADMIN).contentType("text/plain").body("hello")
                .when().put("/api/v1/integrations/shop-json")
                .then().statusCode(415).contentType("application/problem+json");
    }
}
