package io.jirasync.fingerprint;

import static io.jirasync.fingerprint.FingerprintIngestTest.event;
import static io.jirasync.fingerprint.FingerprintIngestTest.fingerprint;
import static io.jirasync.fingerprint.FingerprintIngestTest.ingest;
import static io.jirasync.fingerprint.FingerprintIngestTest.newProject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jirasync.domain.ConflictException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class FingerprintApiTest {

    @Inject
    FingerprintService service;

    @Inject
    FingerprintChangeRecorder recorder;

    static ValidatableResponse list(String project, Map<String, Object> query) {
        return given().auth().oauth2("test-admin-token-of-the-suite").queryParams(query)
                .when().get("/api/v1/projects/{project}/fingerprints", project).then().statusCode(200);
    }

    static ValidatableResponse patch(String token, String project, String fp, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .when().patch("/api/v1/projects/{project}/fingerprints/{fp}", project, fp).then();
    }

    @Test
    void patchChangesStateAndAssigneeAndAnnouncesIt() {
        String project = newProject();
        ingest(project, event("a", null, Map.of())).statusCode(202);
        service.foldStaged();
        patch("test-tracker-token-of-the-suite", project, "a", "{\"state\":\"in_progress\",\"assignee\":\"ana@acme.com\"}")
                .statusCode(200).body("state", equalTo("in_progress")).body("assignee", equalTo("ana@acme.com"))
                .body("jira", nullValue());
        patch("test-tracker-token-of-the-suite", project, "a", "{\"assignee\":null}").statusCode(200)
                .body("assignee", nullValue()).body("state", equalTo("in_progress"));
        // Same values again: nothing changes, nothing is announced.
        patch("test-tracker-token-of-the-suite", project, "a", "{\"state\":\"in_progress\"}").statusCode(200);

        List<FingerprintChanged> changes = recorder.of(project);
        assertEquals(2, changes.size(), changes.toString());
        assertEquals(EnumSet.of(FingerprintChanged.Change.STATE, FingerprintChanged.Change.ASSIGNEE),
                changes.get(0).changes());
        assertEquals("ana@acme.com", changes.get(0).assignee());
        assertEquals(Set.of(FingerprintChanged.Change.ASSIGNEE), changes.get(1).changes());
    }

    @Test
    void patchRefusesBadFieldsUnknownFingerprintsAndIngestTokens() {
        String project = newProject();
        ingest(project, event("a", null, Map.of())).statusCode(202);
        service.foldStaged();
        patch("test-tracker-token-of-the-suite", project, "a", "{\"state\":\"closed\"}").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("state"));
        patch("test-tracker-token-of-the-suite", project, "a", "{}").statusCode(400).contentType("application/problem+json");
        patch("test-tracker-token-of-the-suite", project, "nope", "{\"state\":\"open\"}").statusCode(404)
                .contentType("application/problem+json");
        patch("test-ingest-token-of-the-suite", project, "a", "{\"state\":\"ignored\"}").statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("This token has the ingest role; PATCH /api/v1/projects/" + project
                        + "/fingerprints/a needs the tracker or admin role (jira-sync.auth.tracker-tokens or"
                        + " jira-sync.auth.admin-tokens)."));
        fingerprint(project, "a").statusCode(200).body("state", equalTo("open"));
        given().when().get("/api/v1/projects/{project}/fingerprints/a", project).then().statusCode(401);
        given().auth().oauth2("test-ingest-token-of-the-suite").when().get("/api/v1/projects/{project}/fingerprints/a",
                project).then().statusCode(403);
    }

    @Test
    void listFiltersByStateLinkAndUpdatedSinceAndPagesWithACursor() {
        String project = newProject();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event("f" + i, null, Map.of()));
        }
        ingest(project, "[" + String.join(",", events) + "]").statusCode(202);
        service.foldStaged();
        patch("test-tracker-token-of-the-suite", project, "f1", "{\"state\":\"ignored\"}").statusCode(200);
        service.linkJira(project, "f2", new JiraLink("10001", "OPS-17", "https://acme.atlassian.net/browse/OPS-17",
                "To Do"));

        list(project, Map.of("state", "ignored")).body("items.fingerprint", equalTo(List.of("f1")));
        list(project, Map.of("state", "open,ignored")).body("items.size()", equalTo(5));
        list(project, Map.of("linked", "true")).body("items.fingerprint", equalTo(List.of("f2")))
                .body("items[0].jira.key", equalTo("OPS-17"));
        list(project, Map.of("linked", "false")).body("items.size()", equalTo(4));
        list(project, Map.of("updatedSince", "2999-01-01T00:00:00Z")).body("items.size()", equalTo(0));
        fingerprint(project, "f2").statusCode(200).body("jira.url", equalTo("https://acme.atlassian.net/browse/OPS-17"))
                .body("jira.status", equalTo("To Do"));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> query = cursor == null ? Map.of("limit", 2) : Map.of("limit", 2, "cursor", cursor);
            var page = list(project, query).extract().jsonPath();
            seen.addAll(page.getList("items.fingerprint", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(List.of("f0", "f1", "f2", "f3", "f4"), seen);

        given().auth().oauth2("test-admin-token-of-the-suite").queryParam("linked", "maybe")
                .when().get("/api/v1/projects/{project}/fingerprints", project)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("linked"));
    }

    @Test
    void serviceScansEligibleInBatchesAndAppliesJiraChangesWithoutAnnouncing() {
        String project = newProject();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            for (int n = 0; n <= i; n++) {
                events.add(event("e" + i, null, Map.of()));
            }
        }
        ingest(project, "[" + String.join(",", events) + "]").statusCode(202);
        service.foldStaged();
        service.linkJira(project, "e5", new JiraLink("10002", "OPS-18", null, "To Do"));

        List<String> eligible = new ArrayList<>();
        long after = 0;
        List<EligibleFingerprint> batch;
        do {
            batch = service.scanEligible(project, Set.of(FingerprintState.OPEN), 3, true, after, 2);
            batch.forEach(e -> eligible.add(e.fingerprint()));
            after = batch.isEmpty() ? after : batch.get(batch.size() - 1).id();
        } while (batch.size() == 2);
        assertEquals(List.of("e2", "e3", "e4"), eligible);

        Set<FingerprintChanged.Change> changes = service.applyFromJira(project, "e5",
                new FingerprintPatch(FingerprintState.RESOLVED, true, "bo@acme.com", true, "3.1.0"), "Done");
        assertEquals(EnumSet.of(FingerprintChanged.Change.STATE, FingerprintChanged.Change.ASSIGNEE,
                FingerprintChanged.Change.RESOLVED_UNTIL_VERSION), changes);
        assertEquals(0, recorder.of(project).size());
        fingerprint(project, "e5").statusCode(200).body("state", equalTo("resolved"))
                .body("resolvedUntilVersion", equalTo("3.1.0")).body("jira.status", equalTo("Done"))
                .body("count", equalTo(6));
        assertEquals("e5", service.findByJiraIssueId(project, "10002").orElseThrow().fingerprint());

        ConflictException taken = assertThrows(ConflictException.class, () -> service.linkJira(project, "e4",
                new JiraLink("10002", "OPS-18", null, "Done")));
        assertEquals("Jira issue OPS-18 is already linked to fingerprint e5 of project " + project + ".",
                taken.getMessage());

        service.unlinkJira(project, "e5");
        fingerprint(project, "e5").statusCode(200).body("jira", nullValue());
    }

    @Test
    void aLinkMadeInsideATransactionThatReadTheFingerprintShowsInThatTransaction() {
        String project = newProject();
        ingest(project, event("t", null, Map.of())).statusCode(202);
        service.foldStaged();
        String seen = QuarkusTransaction.requiringNew().call(() -> {
            assertEquals(null, service.find(project, "t").orElseThrow().jira());
            service.linkJira(project, "t", new JiraLink("10077", "OPS-77", null, "To Do"));
            JiraLink link = service.find(project, "t").orElseThrow().jira();
            return link == null ? "no link" : link.key();
        });
        assertEquals("OPS-77", seen, "the fingerprint read again in the same transaction has its link");
        fingerprint(project, "t").statusCode(200).body("jira.key", equalTo("OPS-77"));
    }
}
