package io.jirasync.sandbox;

import static io.jirasync.sandbox.Sandbox.API2;
import static io.jirasync.sandbox.Sandbox.API3;
import static io.jirasync.sandbox.Sandbox.as;
import static io.jirasync.sandbox.Sandbox.createBug;
import static io.jirasync.sandbox.Sandbox.jira;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SandboxWorkflowTest {

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    @Test
    void transitionsOfferTheWorkflowWithStatusCategories() {
        String key = createBug("NPE");
        jira().queryParam("expand", "transitions.fields").get(API3 + "/issue/" + key + "/transitions")
                .then().statusCode(200)
                .body("transitions.name", containsInAnyOrder("Start work", "Done", "Won't Do"))
                .body("transitions.find { it.id == '11' }.to.statusCategory.key", equalTo("indeterminate"))
                .body("transitions.find { it.id == '21' }.to.statusCategory.key", equalTo("done"))
                .body("transitions.find { it.id == '21' }.fields.resolution.required", equalTo(true));
    }

    @Test
    void doneNeedsAResolutionAndReopenClearsIt() {
        String key = createBug("NPE");
        jira().body("{\"transition\": {\"id\": \"21\"}}").post(API3 + "/issue/" + key + "/transitions")
                .then().statusCode(400).body("errors.resolution", equalTo("Resolution is required."));
        jira().body("{\"transition\": {\"id\": \"41\"}}").post(API3 + "/issue/" + key + "/transitions")
                .then().statusCode(400).body("errorMessages[0]", equalTo("Transition id '41' is not valid for this issue."));
        jira().body("""
                {"transition": {"id": "21"}, "fields": {"resolution": {"name": "Done"}},
                 "update": {"comment": [{"add": {"body": {"type": "doc", "version": 1, "content": [
                   {"type": "paragraph", "content": [{"type": "text", "text": "Fixed in 1.1"}]}]}}}]}}""")
                .post(API3 + "/issue/" + key + "/transitions").then().statusCode(204);
        jira().get(API3 + "/issue/" + key).then().statusCode(200)
                .body("fields.status.name", equalTo("Done"))
                .body("fields.status.statusCategory.key", equalTo("done"))
                .body("fields.resolution.name", equalTo("Done"))
                .body("fields.resolutiondate", notNullValue());
        jira().get(API2 + "/issue/" + key + "/comment").then().statusCode(200)
                .body("total", equalTo(1)).body("comments[0].body", equalTo("Fixed in 1.1"));

        jira().body("{\"transition\": {\"id\": \"41\"}}").post(API3 + "/issue/" + key + "/transitions")
                .then().statusCode(204);
        jira().get(API3 + "/issue/" + key).then()
                .body("fields.status.name", equalTo("To Do"))
                .body("fields.resolution", nullValue())
                .body("fields.resolutiondate", nullValue());
    }

    @Test
    void wontDoResolvesWithoutAScreen() {
        String key = createBug("NPE");
        jira().body("{\"transition\": {\"id\": \"31\"}}").post(API3 + "/issue/" + key + "/transitions")
                .then().statusCode(204);
        jira().get(API3 + "/issue/" + key).then()
                .body("fields.status.name", equalTo("Won't Do"))
                .body("fields.resolution.name", equalTo("Won't Do"));
    }

    @Test
    void assigneeIsAnAccountIdOnCloudANameOnServerAndNullUnassigns() {
        String key = createBug("NPE");
        jira().body("{\"accountId\": \"5d53f3cbc6b9320d9ea5bdc2\"}").put(API3 + "/issue/" + key + "/assignee")
                .then().statusCode(204);
        jira().get(API3 + "/issue/" + key).then().body("fields.assignee.accountId", equalTo("5d53f3cbc6b9320d9ea5bdc2"));
        jira().body("{\"accountId\": \"712020:9b7e4d21-0c5f-4e8b\"}").put(API3 + "/issue/" + key + "/assignee")
                .then().statusCode(400).body("errors.assignee", notNullValue());
        jira().body("{\"accountId\": null}").put(API3 + "/issue/" + key + "/assignee").then().statusCode(204);
        jira().get(API3 + "/issue/" + key).then().body("fields.assignee", nullValue());

        Sandbox.control("{\"flavour\": \"server\"}");
        jira().body("{\"name\": \"ben\"}").put(API2 + "/issue/" + key + "/assignee").then().statusCode(204);
        jira().get(API2 + "/issue/" + key).then().body("fields.assignee.name", equalTo("ben"));
    }

    @Test
    void editSetsFieldsAndAppliesUpdateVerbs() {
        String key = createBug("NPE");
        jira().body("""
                {"fields": {"summary": "NPE in Cart"},
                 "update": {"labels": [{"add": "regression"}, {"remove": "jira-sync"}],
                            "fixVersions": [{"add": {"name": "1.0"}}, {"add": {"name": "2.0"}}]}}""")
                .put(API3 + "/issue/" + key).then().statusCode(204);
        jira().body("{\"update\": {\"fixVersions\": [{\"remove\": {\"name\": \"1.0\"}}]}}")
                .put(API3 + "/issue/" + key).then().statusCode(204);
        jira().queryParam("fields", "summary,labels,fixVersions").get(API3 + "/issue/" + key).then().statusCode(200)
                .body("fields.summary", equalTo("NPE in Cart"))
                .body("fields.labels", contains("regression"))
                .body("fields.fixVersions.name", contains("2.0"))
                .body("fields.status", nullValue());
        jira().body("{\"fields\": {\"customfield_10010\": null}}").put(API3 + "/issue/" + key)
                .then().statusCode(400).body("errors.customfield_10010", equalTo("Team is required."));
        jira().body("{\"fields\": {\"project\": {\"key\": \"OPS\"}}}").put(API3 + "/issue/" + key)
                .then().statusCode(400).body("errors.project", notNullValue());
    }

    @Test
    void deleteRemovesTheIssue() {
        String key = createBug("NPE");
        jira().delete(API3 + "/issue/" + key).then().statusCode(204);
        jira().get(API3 + "/issue/" + key).then().statusCode(404)
                .body("errorMessages[0]", equalTo("Issue does not exist or you do not have permission to see it."));
    }

    @Test
    void authIsJirasOwnAndPermissionsHideOrRefuse() {
        String key = createBug("NPE");
        given().get(API3 + "/myself").then().statusCode(401).contentType("application/json")
                .body("errorMessages[0]",
                        equalTo("You are not authenticated. Authentication required to perform this operation."));
        // A bearer token the worker does not know must reach the sandbox, not the worker's bearer mechanism.
        given().auth().oauth2("test-admin-token-of-the-suite").get(API3 + "/myself").then().statusCode(401)
                .contentType("application/json").body("errors", notNullValue());
        given().auth().oauth2("not-a-token").get(API3 + "/myself").then().statusCode(401)
                .contentType("application/json");
        given().auth().preemptive().basic(Sandbox.BOT_EMAIL, "wrong").get(API3 + "/myself").then().statusCode(401);
        given().auth().oauth2("sandbox-pat").get(API2 + "/myself").then().statusCode(200)
                .body("accountId", equalTo(Sandbox.BOT_ACCOUNT_ID));
        as("ana@example.com").get(API3 + "/myself").then().statusCode(200).body("displayName", equalTo("Ana Silva"));

        as("carla@example.com").get(API3 + "/issue/" + key).then().statusCode(200);
        as("carla@example.com").body("{\"fields\": {\"summary\": \"mine\"}}").put(API3 + "/issue/" + key)
                .then().statusCode(403);
        as("carla@example.com").body(Sandbox.bugV3("x", "")).post(API3 + "/issue").then().statusCode(403);
        as("dan@example.com").get(API3 + "/issue/" + key).then().statusCode(404);
        as("dan@example.com").get(API3 + "/project/DEMO").then().statusCode(404)
                .body("errorMessages[0]", equalTo("No project could be found with key 'DEMO'."));
    }

    @Test
    void usersHideTheirEmailOnCloudAndAreFoundByItOnlyWhenVisible() {
        jira().queryParam("query", "ben").get(API3 + "/user/search").then().statusCode(200)
                .body("[0].accountId", equalTo("60e5a86a471e61006a4a41e7"))
                .body("[0].emailAddress", nullValue());
        jira().queryParam("query", "ben@example.com").get(API3 + "/user/search").then().statusCode(200)
                .body("size()", equalTo(0));
        jira().queryParam("query", "ana@example.com").get(API3 + "/user/search").then().statusCode(200)
                .body("[0].emailAddress", equalTo("ana@example.com"));
        jira().queryParam("project", "DEMO").get(API3 + "/user/assignable/search").then().statusCode(200)
                .body("displayName", hasItems("Ana Silva", "Ben Okafor"))
                .body("displayName.contains('Carla Viewer')", equalTo(false));
        jira().get(API3 + "/project/DEMO/versions").then().statusCode(200).body("name", contains("1.0", "1.1", "2.0"));
        jira().get(API3 + "/project/DEMO").then().statusCode(200).body("key", equalTo("DEMO"));
        jira().get(API3 + "/priority").then().statusCode(200).body("name", hasItems("High", "Low"));
        jira().get(API3 + "/field").then().statusCode(200).body("id", hasItems("customfield_10010", "labels"));
        jira().get(API3 + "/serverInfo").then().statusCode(200).body("deploymentType", equalTo("Cloud"));
    }
}
