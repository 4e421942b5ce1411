package io.jirasync.sandbox;

import static io.jirasync.sandbox.Sandbox.API2;
import static io.jirasync.sandbox.Sandbox.API3;
import static io.jirasync.sandbox.Sandbox.bugV3;
import static io.jirasync.sandbox.Sandbox.createBug;
import static io.jirasync.sandbox.Sandbox.jira;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SandboxSearchTest {

    private String first;
    private String second;
    private String third;

    @BeforeEach
    void issues() {
        Sandbox.reset();
        first = createBug("first");
        second = jira()
                .body(bugV3("second", "\"customfield_10016\": \"4f2a9c\"").replace("\"jira-sync\"", "\"jira-sync\", \"hot\""))
                .post(API3 + "/issue").then().statusCode(201).extract().path("key");
        third = createBug("third");
        jira().body("{\"transition\": {\"id\": \"21\"}, \"fields\": {\"resolution\": {\"name\": \"Done\"}}}")
                .post(API3 + "/issue/" + third + "/transitions").then().statusCode(204);
    }

    @Test
    void searchJqlPagesWithNextPageTokenAndNoTotal() {
        String token = jira().queryParam("jql", "project = DEMO ORDER BY key ASC").queryParam("maxResults", 2)
                .get(API3 + "/search/jql").then().statusCode(200)
                .body("issues.key", contains(first, second))
                .body("issues[0].fields", nullValue())
                .body("isLast", equalTo(false))
                .body("total", nullValue())
                .body("nextPageToken", notNullValue())
                .extract().path("nextPageToken");
        jira().body("{\"jql\": \"project = DEMO ORDER BY key ASC\", \"maxResults\": 2, \"nextPageToken\": \"" + token
                + "\", \"fields\": [\"summary\", \"status\"]}")
                .post(API3 + "/search/jql").then().statusCode(200)
                .body("issues.key", contains(third))
                .body("issues[0].fields.summary", equalTo("third"))
                .body("issues[0].fields.status.name", equalTo("Done"))
                .body("isLast", equalTo(true))
                .body("nextPageToken", nullValue());
    }

    @Test
    void oldSearchHasStartAtAndTotalAndIsTheOnlyOneOnServer() {
        jira().queryParam("jql", "project = DEMO ORDER BY key DESC").queryParam("startAt", 1).queryParam("maxResults", 1)
                .get(API2 + "/search").then().statusCode(200)
                .body("total", equalTo(3))
                .body("startAt", equalTo(1))
                .body("issues.key", contains(second))
                .body("issues[0].fields.summary", equalTo("second"));
        Sandbox.control("{\"flavour\": \"server\"}");
        jira().queryParam("jql", "project = DEMO").get(API2 + "/search/jql").then().statusCode(404);
        jira().body("{\"jql\": \"project = DEMO\"}").post(API2 + "/search").then().statusCode(200).body("total", equalTo(3));
    }

    @Test
    void jqlCoversWhatTheWorkerAsks() {
        expect("labels IN (hot, cold)", second);
        expect("labels = jira-sync AND statusCategory = done", third);
        expect("statusCategory != done ORDER BY created DESC", second, first);
        expect("status = \"Done\" OR key = " + first + " ORDER BY key", first, third);
        expect("project = DEMO AND resolution = Unresolved AND key NOT IN (" + first + ")", second);
        expect("cf[10016] ~ \"4f2a\"", second);
        expect("Fingerprint = 4f2a9c", second);
        String minute = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        expect("project = DEMO AND updated >= \"" + minute + "\" ORDER BY updated ASC, key ASC", first, second, third);
        expect("updated >= -1h AND (summary ~ thi OR summary ~ fir) ORDER BY key", first, third);
        expect("updated > \"2999-01-01\"");
        expect("resolution IS NOT EMPTY", third);
    }

    @Test
    void badJqlIsA400LikeJiras() {
        jira().queryParam("jql", "project = DEMO AND").get(API3 + "/search/jql").then().statusCode(400)
                .body("errorMessages[0]", containsString("Error in the JQL Query"));
        jira().queryParam("jql", "projekt = DEMO").get(API3 + "/search/jql").then().statusCode(400)
                .body("errorMessages[0]", equalTo("Field 'projekt' does not exist or you do not have permission to view it."));
        jira().queryParam("jql", "project DEMO").get(API3 + "/search/jql").then().statusCode(400)
                .body("errorMessages[0]", containsString("Expecting operator but got 'DEMO'"));
        jira().queryParam("jql", "updated >= yesterday").get(API3 + "/search/jql").then().statusCode(400)
                .body("errorMessages[0]", containsString("Date value 'yesterday'"));
    }

    @Test
    void searchOnlyShowsIssuesTheCallerMayBrowse() {
        Sandbox.as("dan@example.com").queryParam("jql", "key = " + first).get(API3 + "/search/jql").then()
                .statusCode(200).body("issues.size()", equalTo(0));
    }

    private void expect(String jql, String... keys) {
        jira().queryParam("jql", jql).queryParam("fields", "summary").get(API3 + "/search/jql")
                .then().statusCode(200).body("issues.key", keys.length == 0 ? empty() : contains((Object[]) keys));
    }
}
