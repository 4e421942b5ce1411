package io.jirasync.integration;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.ingest;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.received;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.jirasync.outbound.OutboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.openapi.JiraOpenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class PreflightTest {

    @Inject
    FingerprintService fingerprints;

    private static JsonPath preview(String project, String fingerprint) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("fingerprint", fingerprint))
                .post("/api/v1/integrations/" + project + "/preview").then().statusCode(200).extract().jsonPath();
    }

    private void hostsSeen(String project) {
        ingest(project, List.of("npe-cart"), 3, Map.of("hostname", "web-1", "version", "2.3.1"));
        ingest(project, List.of("npe-cart"), 5, Map.of("hostname", "web-2", "version", "2.3.1"));
        fingerprints.foldStaged();
    }

    @Test
    void backtraceExampleRendersTheMostFrequentHostname() {
        resetSandbox("cloud");
        integration("pre-bt", """
                , "customFields": [{"field": "Team", "value": "Platform"},
                                   {"field": "customfield_10016", "value": "Hostname: $hostname, Version: $version"}]""");
        hostsSeen("pre-bt");
        JsonPath preview = preview("pre-bt", "npe-cart");
        assertEquals("POST", preview.getString("method"));
        assertEquals("/rest/api/3/issue", preview.getString("path"));
        assertEquals("Hostname: web-2, Version: 2.3.1", preview.getString("body.fields.customfield_10016"));
        assertEquals("Platform", preview.getString("body.fields.customfield_10010.value"));
        assertEquals(List.of(), preview.getList("errors"));
        assertEquals(0, received("POST /rest/api/3/issue"), "preview wrote to Jira");
    }

    @Test
    void renamedLabelsAndDescriptionFieldsAreUsedInAdfOnV3AndWikiOnV2() {
        for (int version : List.of(3, 2)) {
            resetSandbox("cloud");
            String project = "pre-map-v" + version;
            integration(project, """
                    , "labels": ["jira-sync", "host-$hostname"],
                      "description": "Seen $count times on $hostname.\\nSee $link",
                      "fieldMapping": {"labels": "Tags", "description": "Error details"},
                      "customFields": [{"field": "Team", "value": "Backend"}]""");
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("jira", Map.of("url", sandbox(),
                    "deployment", "cloud", "apiVersion", version, "auth", Map.of("type", "basic",
                            "user", "jira-sync@example.com")),
                    "projectKey", "DEMO",
                    "labels", List.of("jira-sync", "host-$hostname"),
                    "description", "Seen $count times on $hostname.\nSee $link",
                    "fieldMapping", Map.of("labels", "Tags", "description", "Error details"),
                    "customFields", List.of(Map.of("field", "Team", "value", "Backend"))))
                    .put("/api/v1/integrations/" + project).then().statusCode(200);
            hostsSeen(project);
            JsonPath preview = preview(project, "npe-cart");
            assertTrue(preview.getList("body.fields.customfield_10018").contains("host-web-2"),
                    preview.prettify());
            assertFalse(preview.getMap("body.fields").containsKey("labels"), "labels went to the system field");
            assertFalse(preview.getMap("body.fields").containsKey("description"));
            if (version == 3) {
                assertEquals("doc", preview.getString("body.fields.customfield_10012.type"));
                assertTrue(preview.getString("body.fields.customfield_10012.content").contains("Seen 8 times on web-2."));
            } else {
                assertTrue(preview.getString("body.fields.customfield_10012").startsWith("Seen 8 times on web-2."),
                        preview.getString("body.fields.customfield_10012"));
            }
            assertEquals("/rest/api/" + version + "/issue", preview.getString("path"));
        }
    }

    @Test
    void testNamesTheUncoveredRequiredFieldUntilATemplateFillsIt() {
        resetSandbox("cloud");
        integration("pre-test", "");
        given().auth().oauth2(ADMIN).post("/api/v1/integrations/pre-test/test").then().statusCode(200)
                .body("ok", equalTo(false))
                .body("findings.message",
                        hasItem("Field 'Team' (customfield_10010) is required for DEMO/Bug and nothing fills it"));
        integration("pre-test", ", \"customFields\": [{\"field\": \"customfield_10010\", \"value\": \"Frontend\"}]");
        JsonPath clean = given().auth().oauth2(ADMIN).post("/api/v1/integrations/pre-test/test").then().statusCode(200)
                .extract().jsonPath();
        assertTrue(clean.getBoolean("ok"), clean.prettify());
        assertEquals(List.of(), clean.getList("findings.findAll { it.severity != 'ok' }"));

        integration("pre-test", ", \"customFields\": [{\"field\": \"customfield_10010\", \"value\": \"Marketing\"}]");
        given().auth().oauth2(ADMIN).post("/api/v1/integrations/pre-test/test").then()
                .body("ok", equalTo(false))
                .body("findings.find { it.severity == 'error' }.field", equalTo("customFields[0].value"));
        assertEquals(0, received("POST /rest/api/3/issue"));
    }

    @Test
    void testReportsWrongCredentialsAndAnInvisibleProject() {
        resetSandbox("cloud");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("jira", Map.of("url", sandbox(),
                "deployment", "cloud", "auth", Map.of("type", "basic", "user", "jira-sync@example.com",
                        "token", "wrong-token")),
                "projectKey", "DEMO"))
                .put("/api/v1/integrations/pre-creds").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        given().auth().oauth2(ADMIN).post("/api/v1/integrations/pre-creds/test").then()
                .body("ok", equalTo(false))
                .body("findings[0].field", equalTo("jira.auth"))
                .body("findings[0].message", org.hamcrest.Matchers.containsString("jira-sync@example.com"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("jira", Map.of("url", sandbox(),
                "deployment", "cloud", "auth", Map.of("type", "basic", "user", "jira-sync@example.com",
                        "token", "sandbox-api-token")),
                "projectKey", "NOPE"))
                .put("/api/v1/integrations/pre-proj").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        given().auth().oauth2(ADMIN).post("/api/v1/integrations/pre-proj/test").then()
                .body("ok", equalTo(false))
                .body("findings.find { it.severity == 'error' }.field", equalTo("projectKey"))
                .body("findings.find { it.severity == 'error' }.message", org.hamcrest.Matchers.containsString("NOPE"));
    }

    @Test
    void everyPreviewBodyValidatesAgainstTheOpenApiDescription() throws Exception {
        resetSandbox("cloud");
        integration("pre-oai", """
                , "labels": ["jira-sync", "host-$hostname"],
                  "customFields": [{"field": "Team", "value": "Backend"},
                                   {"field": "Environments", "value": "production, staging"},
                                   {"field": "Occurrences", "value": "$count"},
                                   {"field": "First seen", "value": "$first_seen"},
                                   {"field": "Reviewer", "value": "5d53f3cbc6b9320d9ea5bdc2"},
                                   {"field": "Error details", "value": "Host $hostname\\nVersion $version"},
                                   {"field": "Components", "value": "Backend, API"},
                                   {"field": "Priority", "value": "High"}]""");
        hostsSeen("pre-oai");
        String response = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("fingerprint", "npe-cart")).post("/api/v1/integrations/pre-oai/preview")
                .then().statusCode(200).extract().asString();
        JsonPath preview = new JsonPath(response);
        assertEquals(List.of(), preview.getList("errors"), response);
        String body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response).get("body").toString();
        assertEquals("", JiraOpenApi.validateRequest("POST", "/rest/api/3/issue", body), body);
        assertEquals(8, preview.getInt("body.fields.customfield_10013"));
    }

    private static Map<String, Object> draft(String token, String summary, List<Map<String, String>> customFields) {
        Map<String, Object> auth = new java.util.HashMap<>(Map.of("type", "basic", "user", "jira-sync@example.com"));
        if (token != null) {
            auth.put("token", token);
        }
        return Map.of("jira", Map.of("url", sandbox(), "auth", auth), "projectKey", "DEMO", "summary", summary,
                "customFields", customFields);
    }

    private static JsonPath draftTest(String project, Map<String, Object> settings) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(settings)
                .post("/api/v1/integrations/" + project + "/draft/test").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void unsavedSettingsAreTestedAndPreviewedWithTheStoredSecretAndNothingIsStored() {
        resetSandbox("cloud");
        String project = "pre-draft";
        JsonPath first = draftTest(project, draft("sandbox-api-token", "$title", List.of()));
        assertFalse(first.getBoolean("ok"), first.prettify());
        assertTrue(first.getList("findings.message", String.class).contains(
                "Field 'Team' (customfield_10010) is required for DEMO/Bug and nothing fills it"), first.prettify());
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project).then().statusCode(404);

        integration(project, "");
        hostsSeen(project);
        List<Map<String, String>> team = List.of(Map.of("field", "Team", "value", "Platform"));
        JsonPath fixed = draftTest(project, draft(null, "[draft] $title", team));
        assertTrue(fixed.getBoolean("ok"), "the stored token was not used: " + fixed.prettify());
        JsonPath wrong = draftTest(project, draft("not-the-token", "$title", team));
        assertEquals("error", wrong.getString("findings.find { it.field == 'jira.auth' }.severity"));

        JsonPath preview = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("fingerprint", "npe-cart", "settings", draft(null, "[draft] $title", team)))
                .post("/api/v1/integrations/" + project + "/draft/preview").then().statusCode(200).extract().jsonPath();
        assertEquals("[draft] NullPointerException in npe-cart", preview.getString("body.fields.summary"));
        assertEquals("Platform", preview.getString("body.fields.customfield_10010.value"));
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project).then().statusCode(200)
                .body("summary", equalTo("$title")).body("customFields", equalTo(List.of()));
        assertEquals(0, received("POST /rest/api/3/issue"), "a draft wrote to Jira");
    }

    @Test
    void unsavedSettingsWithTyposAreRefusedNamingEveryField() {
        Map<String, Object> settings = new java.util.HashMap<>(draft("t", "$title", List.of()));
        settings.put("lables", List.of("x"));
        settings.put("projectKey", "demo");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(settings)
                .post("/api/v1/integrations/pre-draft-bad/draft/test").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("lables", "projectKey"));
    }
}
