package io.jirasync.sandbox;

import static io.jirasync.sandbox.Sandbox.API3;
import static io.jirasync.sandbox.Sandbox.bugV3;
import static io.jirasync.sandbox.Sandbox.createBug;
import static io.jirasync.sandbox.Sandbox.jira;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.openapi.JiraOpenApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The sandbox's answers have the shapes of Atlassian's OpenAPI description of Jira Cloud. */
@QuarkusTest
class SandboxOpenApiConformanceTest {

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    @Test
    void createMetaConforms() {
        conforms("GET", "/issue/createmeta/DEMO/issuetypes", jira().get(API3 + "/issue/createmeta/DEMO/issuetypes"));
        conforms("GET", "/issue/createmeta/DEMO/issuetypes/10004",
                jira().get(API3 + "/issue/createmeta/DEMO/issuetypes/10004"));
        conforms("GET", "/issue/createmeta/DEMO/issuetypes/10001",
                jira().queryParam("startAt", 2).queryParam("maxResults", 3)
                        .get(API3 + "/issue/createmeta/DEMO/issuetypes/10001"));
    }

    @Test
    void createIssueAnswersConformAndItsRequestsToo() {
        String valid = bugV3("NPE in Cart", "\"fixVersions\": [{\"name\": \"1.0\"}], \"customfield_10013\": 3");
        assertEquals("", JiraOpenApi.validateRequest("POST", "/rest/api/3/issue", valid));
        conforms("POST", "/issue", jira().body(valid).post(API3 + "/issue"));
        conforms("POST", "/issue",
                jira().body("{\"fields\": {\"project\": {\"key\": \"DEMO\"}, \"issuetype\": {\"name\": \"Bug\"}}}")
                        .post(API3 + "/issue"));
    }

    @Test
    void searchJqlConforms() {
        createBug("one");
        createBug("two");
        conforms("GET", "/search/jql", jira().queryParam("jql", "project = DEMO").queryParam("maxResults", 1)
                .queryParam("fields", "*all").get(API3 + "/search/jql"));
        String request = "{\"jql\": \"project = DEMO ORDER BY key\", \"maxResults\": 5, \"fields\": [\"summary\", \"status\", \"labels\"]}";
        assertEquals("", JiraOpenApi.validateRequest("POST", "/rest/api/3/search/jql", request));
        conforms("POST", "/search/jql", jira().body(request).post(API3 + "/search/jql"));
        conforms("GET", "/search", jira().queryParam("jql", "project = DEMO").get(API3 + "/search"));
    }

    @Test
    void transitionsIssueAndMyselfConform() {
        String key = createBug("one");
        jira().body("{\"accountId\": \"5d53f3cbc6b9320d9ea5bdc2\"}").put(API3 + "/issue/" + key + "/assignee")
                .then().statusCode(204);
        conforms("GET", "/issue/" + key + "/transitions",
                jira().queryParam("expand", "transitions.fields").get(API3 + "/issue/" + key + "/transitions"));
        String transition = "{\"transition\": {\"id\": \"21\"}, \"fields\": {\"resolution\": {\"name\": \"Done\"}}}";
        assertEquals("", JiraOpenApi.validateRequest("POST", "/rest/api/3/issue/" + key + "/transitions", transition));
        jira().body(transition).post(API3 + "/issue/" + key + "/transitions").then().statusCode(204);
        conforms("GET", "/issue/" + key, jira().get(API3 + "/issue/" + key));
        conforms("GET", "/myself", jira().get(API3 + "/myself"));
        conforms("GET", "/serverInfo", jira().get(API3 + "/serverInfo"));
        conforms("GET", "/project/DEMO", jira().get(API3 + "/project/DEMO"));
        conforms("GET", "/project/DEMO/versions", jira().get(API3 + "/project/DEMO/versions"));
        conforms("GET", "/field", jira().get(API3 + "/field"));
        conforms("GET", "/user/search", jira().queryParam("query", "a").get(API3 + "/user/search"));
    }

    @Test
    void projectListsConform() {
        Response first = jira().queryParam("maxResults", 1).get(API3 + "/project/search");
        conforms("GET", "/project/search", first);
        assertEquals(false, first.path("isLast"), first.asString());
        conforms("GET", "/project/search", jira().queryParam("startAt", 1).get(API3 + "/project/search"));
        conforms("GET", "/project", jira().get(API3 + "/project"));
    }

    @Test
    void theCheckItselfCatchesABrokenShape() {
        // Guards the guard: a page whose total is text and whose issue types carry an unknown property must fail.
        String broken = "{\"issueTypes\": [{\"id\": \"1\", \"name\": \"Bug\", \"colour\": \"red\"}], \"total\": \"two\"}";
        String problems = JiraOpenApi.validateResponse("GET", "/rest/api/3/issue/createmeta/DEMO/issuetypes", 200, broken);
        org.junit.jupiter.api.Assertions.assertTrue(problems.contains("total") && problems.contains("colour"), problems);
    }

    private static void conforms(String method, String path, Response response) {
        String problems = JiraOpenApi.validateResponse(method, "/rest/api/3" + path, response.statusCode(),
                response.asString());
        assertEquals("", problems, method + " " + path + " -> " + response.statusCode() + " " + response.asString());
    }
}
