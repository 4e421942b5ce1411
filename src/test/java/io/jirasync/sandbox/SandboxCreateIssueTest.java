package io.jirasync.sandbox;

import static io.jirasync.sandbox.Sandbox.API2;
import static io.jirasync.sandbox.Sandbox.API3;
import static io.jirasync.sandbox.Sandbox.bugV3;
import static io.jirasync.sandbox.Sandbox.jira;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SandboxCreateIssueTest {

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    @Test
    void createWithoutRequiredCustomFieldIsJirasErrorNamingTheField() {
        String withoutTeam = """
                {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "NPE in Cart"}}""";
        jira().body(withoutTeam).post(API3 + "/issue")
                .then().statusCode(400)
                .contentType("application/json")
                .body("errorMessages", empty())
                .body("errors", aMapWithSize(1))
                .body("errors.customfield_10010", equalTo("Team is required."));

        jira().body(bugV3("NPE in Cart", "")).post(API3 + "/issue")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("key", equalTo("DEMO-1"))
                .body("self", endsWith("/sandbox/jira/rest/api/3/issue/10001"));
    }

    @Test
    void createdIssueReadsBackWithWhatWasSent() {
        String key = jira().body(bugV3("NPE in Cart", """
                "fixVersions": [{"name": "1.1"}], "customfield_10011": [{"value": "production"}],
                "customfield_10013": 42, "customfield_10014": "2026-11-20",
                "customfield_10015": {"accountId": "5d53f3cbc6b9320d9ea5bdc2"}, "components": [{"name": "API"}],
                "priority": {"name": "High"}""")).post(API3 + "/issue").then().statusCode(201).extract().path("key");

        jira().get(API3 + "/issue/" + key).then().statusCode(200)
                .body("key", equalTo(key))
                .body("fields.summary", equalTo("NPE in Cart"))
                .body("fields.status.name", equalTo("To Do"))
                .body("fields.status.statusCategory.key", equalTo("new"))
                .body("fields.customfield_10010.value", equalTo("Backend"))
                .body("fields.customfield_10011[0].value", equalTo("production"))
                .body("fields.customfield_10013", equalTo(42))
                .body("fields.customfield_10014", equalTo("2026-11-20"))
                .body("fields.customfield_10015.displayName", equalTo("Ana Silva"))
                .body("fields.fixVersions[0].name", equalTo("1.1"))
                .body("fields.components[0].name", equalTo("API"))
                .body("fields.priority.name", equalTo("High"))
                .body("fields.description.type", equalTo("doc"))
                .body("fields.reporter.accountId", equalTo(Sandbox.BOT_ACCOUNT_ID))
                .body("fields.resolution", nullValue());
        // The same issue through v2 shows the rich text as wiki markup.
        jira().get(API2 + "/issue/" + key).then().statusCode(200)
                .body("fields.description", equalTo("Seen 42 times on web-2"));
    }

    @Test
    void createRefusesWhatJiraRefuses() {
        jira().body(bugV3("x", """
                "customfield_99999": "?", "customfield_10017": 3, "duedate": "tomorrow",
                "customfield_10011": [{"value": "moon"}], "labels": ["has space"],
                "fixVersions": [{"name": "9.9"}], "customfield_10013": "many"
                """).replace("{\"value\": \"Backend\"}", "{\"value\": \"Marketing\"}"))
                .post(API3 + "/issue")
                .then().statusCode(400)
                .body("errors.customfield_99999",
                        containsString("cannot be set. It is not on the appropriate screen, or unknown."))
                .body("errors.customfield_10017",
                        equalTo("Field 'customfield_10017' cannot be set. It is not on the appropriate screen, or unknown."))
                .body("errors.customfield_10010", equalTo("Option value 'Marketing' is not valid"))
                .body("errors.customfield_10011", equalTo("Option value 'moon' is not valid"))
                .body("errors.duedate", equalTo("Error parsing date string: tomorrow"))
                .body("errors.labels", containsString("contains spaces"))
                .body("errors.fixVersions", equalTo("Version name '9.9' is not valid"))
                .body("errors.customfield_10013", equalTo("Operation value must be a number"));
    }

    @Test
    void richTextMustBeAdfOnV3AndWikiTextOnV2() {
        String wikiBody = """
                {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "x",
                 "description": "plain *wiki*", "customfield_10010": {"value": "Backend"}}}""";
        jira().body(wikiBody).post(API3 + "/issue")
                .then().statusCode(400)
                .body("errors.description", containsString("must be an Atlassian Document"));
        jira().body(wikiBody).post(API2 + "/issue").then().statusCode(201);
        jira().body(bugV3("x", "")).post(API2 + "/issue")
                .then().statusCode(400)
                .body("errors.description", equalTo("Operation value must be a string"));
    }

    @Test
    void missingProjectAndIssueTypeAreNamed() {
        jira().body("{\"fields\": {\"summary\": \"x\"}}").post(API3 + "/issue")
                .then().statusCode(400)
                .body("errors.project", equalTo("Specify a valid project ID or key"))
                .body("errors.issuetype", equalTo("Specify an issue type"));
        jira().body("{not json").post(API3 + "/issue")
                .then().statusCode(400).contentType("application/json")
                .body("errorMessages[0]", containsString("Unexpected character"));
    }

    @Test
    void cloudCreateMetaIsPagedWithIssueTypesAndFields() {
        jira().get(API3 + "/issue/createmeta/DEMO/issuetypes").then().statusCode(200)
                .body("issueTypes.name", hasItem("Bug"))
                .body("total", equalTo(2))
                .body("startAt", equalTo(0))
                .body("values", nullValue());
        jira().queryParam("maxResults", 5).queryParam("startAt", 5)
                .get(API3 + "/issue/createmeta/DEMO/issuetypes/10004").then().statusCode(200)
                .body("fields.size()", equalTo(5))
                .body("total", equalTo(19))
                .body("maxResults", equalTo(5));
        jira().get(API3 + "/issue/createmeta/DEMO/issuetypes/10004").then().statusCode(200)
                .body("fields.find { it.fieldId == 'customfield_10010' }.required", equalTo(true))
                .body("fields.find { it.fieldId == 'customfield_10010' }.schema.custom",
                        equalTo("com.atlassian.jira.plugin.system.customfieldtypes:select"))
                .body("fields.find { it.fieldId == 'customfield_10010' }.allowedValues.value", hasItem("Backend"))
                .body("fields.find { it.fieldId == 'customfield_10011' }.schema.items", equalTo("option"))
                .body("fields.find { it.fieldId == 'fixVersions' }.allowedValues.name", hasItem("2.0"))
                .body("fields.find { it.fieldId == 'customfield_10015' }.schema.type", equalTo("user"));
        jira().get(API3 + "/issue/createmeta?projectKeys=DEMO").then().statusCode(404);
    }

    @Test
    void serverFlavourSpeaksV2WithNamesAndValuesPages() {
        Sandbox.control("{\"flavour\": \"server\"}");
        jira().get(API3 + "/myself").then().statusCode(404);
        jira().get(API2 + "/myself").then().statusCode(200)
                .body("name", equalTo("jira-sync"))
                .body("accountId", nullValue());
        jira().get(API2 + "/issue/createmeta/DEMO/issuetypes").then().statusCode(200)
                .body("values.name", hasItem("Task"))
                .body("isLast", equalTo(true))
                .body("issueTypes", nullValue());
        jira().queryParam("maxResults", 10).get(API2 + "/issue/createmeta/DEMO/issuetypes/10004").then()
                .statusCode(200)
                .body("values.size()", equalTo(10))
                .body("isLast", equalTo(false));
        jira().queryParam("projectKeys", "DEMO").queryParam("expand", "projects.issuetypes.fields")
                .get(API2 + "/issue/createmeta").then().statusCode(200)
                .body("projects[0].key", equalTo("DEMO"))
                .body("projects[0].issuetypes.find { it.name == 'Bug' }.fields.customfield_10010.required", equalTo(true));

        String create = """
                {"fields": {"project": {"key": "DEMO"}, "issuetype": {"id": "10004"}, "summary": "x",
                 "description": "wiki", "customfield_10010": {"value": "Backend"}, "assignee": {"%s": "%s"}}}""";
        jira().body(create.formatted("accountId", "5d53f3cbc6b9320d9ea5bdc2")).post(API2 + "/issue")
                .then().statusCode(400).body("errors.assignee", equalTo("Specify the user by 'name'."));
        String key = jira().body(create.formatted("name", "ana")).post(API2 + "/issue")
                .then().statusCode(201).extract().path("key");
        jira().get(API2 + "/issue/" + key).then().statusCode(200)
                .body("fields.assignee.name", equalTo("ana"))
                .body("fields.assignee.emailAddress", equalTo("ana@example.com"));
    }

    @Test
    void issueKeysCountUpPerProject() {
        Sandbox.createBug("one");
        jira().body(bugV3("two", "")).post(API3 + "/issue").then().statusCode(201)
                .body("key", matchesPattern("DEMO-2"));
    }

    @Test
    void textOverJirasLimitIsRefusedAsJiraDoesCountingWhatAReaderSees() {
        String tooLong = "The entered text is too long. It exceeds the allowed limit of 32,767 characters.";
        // Two paragraphs of 16,383 characters and the break between them: 32,767, the most Jira keeps.
        String half = "x".repeat(16_383);
        String adf = """
                {"type": "doc", "version": 1, "content": [
                  {"type": "paragraph", "content": [{"type": "text", "text": "%s"}]},
                  {"type": "paragraph", "content": [{"type": "text", "text": "%s"}]}]}""";
        String key = jira().body(bugV3("at the limit", "\"customfield_10012\": " + adf.formatted(half, half)))
                .post(API3 + "/issue").then().statusCode(201).extract().path("key");
        jira().body("{\"fields\": {\"description\": " + adf.formatted(half, half + "x") + "}}")
                .put(API3 + "/issue/" + key).then().statusCode(400)
                .body("errors.description", equalTo(tooLong));
        jira().body("{\"fields\": {\"description\": \"" + "y".repeat(32_768) + "\"}}")
                .put(API2 + "/issue/" + key).then().statusCode(400)
                .body("errors.description", equalTo(tooLong));
        jira().body("{\"fields\": {\"customfield_10016\": \"" + "z".repeat(256) + "\"}}")
                .put(API3 + "/issue/" + key).then().statusCode(400)
                .body("errors.customfield_10016",
                        equalTo("The entered text is too long. It exceeds the allowed limit of 255 characters."));
        jira().body("{\"body\": " + adf.formatted(half, half + "x") + "}")
                .post(API3 + "/issue/" + key + "/comment").then().statusCode(400)
                .body("errors.comment", equalTo(tooLong));
        jira().body("{\"body\": " + adf.formatted(half, half) + "}")
                .post(API3 + "/issue/" + key + "/comment").then().statusCode(201);
    }
}
