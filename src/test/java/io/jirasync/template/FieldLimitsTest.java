package io.jirasync.template;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.ingest;
import static io.jirasync.outbound.OutboundFixture.received;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.jirasync.outbound.OutboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.outbound.DispatchJob;
import io.jirasync.outbound.OutboxService;
import io.jirasync.outbound.TaskKind;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Text over Jira's field limits (32,767 characters; 255 for a single-line field), against the sandbox, which refuses
 * longer text the way Jira does: the ticket and the comment are still created, cut, with a note at their end.
 */
@QuarkusTest
class FieldLimitsTest {

    /** An attribute value of 1,000 characters, the most ingest takes is 1,024. */
    static final String TRACE = "abcdefghi ".repeat(99) + "abcdefghij";
    /** 40 times the value, with spaces: 40,039 characters of description, as plain, ADF or wiki text. */
    static final String FORTY = String.join(" ", Collections.nCopies(40, "$trace"));
    static final int FORTY_LENGTH = 40 * 1_000 + 39;
    static final String NOTE = "… [cut by jira-sync: 40,039 characters, Jira keeps 32,767]";

    @Inject
    FingerprintService fingerprints;
    @Inject
    OutboxService outbox;
    @Inject
    DispatchJob dispatcher;

    /** A fresh sandbox of {@code flavour}, an integration whose description and text fields are 40 traces long. */
    private void longFields(String flavour, int api, String user, String project) {
        resetSandbox(flavour);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of(
                "jira", Map.of("url", sandbox(), "deployment", flavour, "apiVersion", api,
                        "auth", Map.of("type", "basic", "user", user, "token", "sandbox-api-token")),
                "projectKey", "DEMO", "description", FORTY,
                "customFields", List.of(Map.of("field", "Team", "value", "Backend"),
                        Map.of("field", "Error details", "value", FORTY),
                        Map.of("field", "customfield_10016", "value", "$trace"))))
                .put("/api/v1/integrations/" + project).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        ingest(project, List.of("long-trace"), 1, Map.of("trace", TRACE));
        fingerprints.foldStaged();
    }

    private static JsonPath v2(String user, String path) {
        return given().auth().basic(user, "sandbox-api-token").get(sandbox() + "/rest/api/2" + path).then()
                .statusCode(200).extract().jsonPath();
    }

    /** The note as the v2 API shows it: wiki markup escapes the brackets that a Server/v2 ticket was sent. */
    private static String note(String text, int api) {
        return api == 3 ? text : text.replace("[", "\\[").replace("]", "\\]");
    }

    private static void assertCut(String what, String text, int limit, String note) {
        assertTrue(text.length() <= limit, what + " is " + text.length() + " characters");
        assertTrue(text.length() > limit - 300, what + " is cut more than needed: " + text.length());
        assertTrue(text.endsWith(note), what + " ends with " + text.substring(text.length() - 100));
    }

    @ParameterizedTest
    @CsvSource({ "cloud, 3, jira-sync@example.com", "server, 2, jira-sync" })
    void aDescriptionOfFortyThousandCharactersGivesATicketCutWithTheNote(String flavour, int api, String user) {
        String project = "limits-" + flavour;
        longFields(flavour, api, user, project);

        String key = given().auth().oauth2(ADMIN).post("/api/v1/projects/" + project + "/fingerprints/long-trace/ticket")
                .then().statusCode(201).extract().path("jira.key");

        JsonPath issue = v2(user, "/issue/" + key);
        assertCut("the description", issue.getString("fields.description"), TextLimit.TEXT, note(NOTE, api));
        assertCut("the text area", issue.getString("fields.customfield_10012"), TextLimit.TEXT, note(NOTE, api));
        assertCut("the single-line field", issue.getString("fields.customfield_10016"), TextLimit.SINGLE_LINE,
                "… [cut by jira-sync: 1,000 characters, Jira keeps 255]");
        JsonPath log = given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project
                + "/sync-log?fingerprint=long-trace").then().statusCode(200).extract().jsonPath();
        assertEquals("done", log.getString("entries[0].outcome"));
        String message = log.getString("entries[0].message");
        assertTrue(message.startsWith("Created " + key + ". Warnings: Field 'Description' (description) is 40,039"
                + " characters, over Jira's limit of 32,767: it is cut to fit, with a note at its end"), message);
    }

    @ParameterizedTest
    @CsvSource({ "cloud, 3, jira-sync@example.com", "server, 2, jira-sync" })
    void aCommentOfFortyThousandCharactersIsPostedCutWithTheNote(String flavour, int api, String user)
            throws Exception {
        String project = "limits-comment-" + flavour;
        longFields(flavour, api, user, project);
        String key = given().auth().oauth2(ADMIN).post("/api/v1/projects/" + project + "/fingerprints/long-trace/ticket")
                .then().statusCode(201).extract().path("jira.key");
        String text = String.join(" ", Collections.nCopies(40, TRACE));
        long task = outbox.enqueue(project, "long-trace", TaskKind.COMMENT,
                new ObjectMapper().writeValueAsString(Map.of("text", text)), "A long comment.");
        dispatcher.runNow(task);

        List<String> comments = v2(user, "/issue/" + key + "/comment").getList("comments.body");
        assertEquals(1, comments.size(), "comments on " + key);
        assertCut("the comment", comments.get(0), TextLimit.TEXT, note(NOTE, api));
        String message = given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project
                + "/sync-log?fingerprint=long-trace").then().statusCode(200).extract().path("entries[0].message");
        assertTrue(message.startsWith("Commented on " + key + ": "), message);
        assertTrue(message.endsWith("(The comment is 40,039 characters, over Jira's limit of 32,767: it is cut to"
                + " fit, with a note at its end)"), message);
    }

    @Test
    void previewWarnsOfEachCutFieldAndShowsTheCutBody() {
        longFields("cloud", 3, "jira-sync@example.com", "limits-preview");

        JsonPath preview = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("fingerprint", "long-trace")).post("/api/v1/integrations/limits-preview/preview").then()
                .statusCode(200).extract().jsonPath();

        assertEquals(List.of(), preview.getList("errors"));
        assertTrue(preview.getList("warnings").containsAll(List.of(
                "Field 'Description' (description) is 40,039 characters, over Jira's limit of 32,767: it is cut to"
                        + " fit, with a note at its end",
                "Field 'Error details' (customfield_10012) is 40,039 characters, over Jira's limit of 32,767: it is"
                        + " cut to fit, with a note at its end",
                "Field 'Fingerprint' (customfield_10016) is 1,000 characters, over Jira's limit of 255: it is cut to"
                        + " fit, with a note at its end")),
                preview.getList("warnings").toString());
        assertEquals(List.of(Map.of("field", "description", "length", FORTY_LENGTH, "limit", 32_767),
                Map.of("field", "customfield_10012", "length", FORTY_LENGTH, "limit", 32_767),
                Map.of("field", "customfield_10016", "length", 1_000, "limit", 255)), preview.getList("cuts"));

        Map<String, Object> description = preview.getMap("body.fields.description");
        assertTrue(visible(description) <= TextLimit.TEXT, visible(description) + " visible characters");
        List<?> blocks = (List<?>) description.get("content");
        assertEquals(Map.of("type", "paragraph", "content", List.of(Map.of("type", "text", "text", NOTE))),
                blocks.get(blocks.size() - 1), "the last paragraph is the note");
        assertTrue(preview.getString("body.fields.customfield_10016").endsWith(
                "… [cut by jira-sync: 1,000 characters, Jira keeps 255]"));
        assertEquals(0, received("POST /rest/api/3/issue"), "preview wrote to Jira");
    }

    /** What a reader of an ADF document sees: its text, a line break per hard break and between blocks. */
    private static int visible(Map<?, ?> doc) {
        List<?> blocks = (List<?>) doc.get("content");
        return blocks.stream().mapToInt(FieldLimitsTest::text).sum() + blocks.size() - 1;
    }

    private static int text(Object node) {
        Map<?, ?> map = (Map<?, ?>) node;
        int own = "hardBreak".equals(map.get("type")) ? 1 : map.get("text") == null ? 0 : ((String) map.get("text")).length();
        return own + (map.get("content") == null ? 0
                : ((List<?>) map.get("content")).stream().mapToInt(FieldLimitsTest::text).sum());
    }
}
