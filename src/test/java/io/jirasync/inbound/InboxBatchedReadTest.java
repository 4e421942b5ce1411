package io.jirasync.inbound;

import static io.jirasync.inbound.InboundFixture.event;
import static io.jirasync.inbound.InboundFixture.fingerprint;
import static io.jirasync.inbound.InboundFixture.integration;
import static io.jirasync.inbound.InboundFixture.jiraAs;
import static io.jirasync.inbound.InboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.JiraLink;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The inbox reads the current state of its deliveries' issues together: 150 deliveries of 150 issues cost
 * ceil(150 / 100) = 2 searches in the sandbox's counters, not 150 GETs, and each is applied from the search's
 * answer; a deletion is still applied only after its own GET answered 404.
 */
@QuarkusTest
class InboxBatchedReadTest {

    private static final String PROJECT = "batched";
    private static final int ISSUES = 150;
    private static final int MOVED = 10;
    private static final String SEARCH = "POST /rest/api/3/search/jql";
    private static final String GET = "GET /rest/api/3/issue/{issueIdOrKey}";

    @Inject
    FingerprintService fingerprints;
    @Inject
    InboxJob inbox;
    @Inject
    EntityManager em;

    @BeforeEach
    void forgetOtherTestsWork() {
        InboundFixture.forgetOtherTestsWork(em);
    }

    @Test
    void deliveriesReadTheirIssuesWithOneSearchPerHundredAndADeletionStillNeedsIts404() {
        given().post(sandbox() + "/_control/reset").then().statusCode(200);
        integration(PROJECT, "cloud", "");
        List<String[]> issues = new ArrayList<>();
        for (int i = 0; i <= ISSUES; i++) {
            issues.add(create("batched " + i));
        }
        List<String> names = IntStream.rangeClosed(0, ISSUES).mapToObj(i -> "b-" + i).toList();
        event(PROJECT, names, Map.of());
        fingerprints.foldStaged();
        for (int i = 0; i <= ISSUES; i++) {
            String[] issue = issues.get(i);
            fingerprints.linkJira(PROJECT, names.get(i),
                    new JiraLink(issue[0], issue[1], sandbox() + "/browse/" + issue[1], "To Do"));
        }
        for (int i = 0; i < MOVED; i++) {
            InboundFixture.moveTo("ana@example.com", "cloud", issues.get(i)[1], "Done");
        }
        String[] gone = issues.get(ISSUES);
        jiraAs("jira-sync@example.com").delete(InboundFixture.api("cloud") + "/issue/" + gone[1]).then()
                .statusCode(204);
        long now = System.currentTimeMillis();
        for (int i = 0; i < ISSUES; i++) {
            post(delivery("jira:issue_updated", issues.get(i), now + i), "batched-" + i);
        }
        post(delivery("jira:issue_deleted", gone, now + ISSUES), "batched-deleted");
        given().delete(sandbox() + "/_control/counters").then().statusCode(204);

        while (inbox.processOnce() > 0) {
            // until nothing is pending
        }

        assertEquals(ISSUES + 1, rows("state in ('applied', 'ignored')"), "every delivery ended");
        assertEquals(2, received(SEARCH), "one search per 100 issues: "
                + given().get(sandbox() + "/_control/counters").asString());
        assertEquals(1, received(GET), "only the deletion read its issue alone");
        assertEquals(1, rows("state = 'applied' and event_type = 'jira:issue_deleted'"), "the deletion, after its 404");
        for (int i = 0; i < MOVED; i++) {
            assertEquals("Done", fingerprint(PROJECT, names.get(i)).getString("jira.status"), names.get(i));
        }
        assertEquals("To Do", fingerprint(PROJECT, names.get(MOVED)).getString("jira.status"));
    }

    private static String[] create(String summary) {
        Map<String, String> created = jiraAs("jira-sync@example.com").body("""
                {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "%s",
                 "customfield_10010": {"value": "Backend"}}}""".formatted(summary))
                .post(InboundFixture.api("cloud") + "/issue").then().statusCode(201).extract().as(Map.class);
        return new String[] { created.get("id"), created.get("key") };
    }

    // A status change as Jira sends it (unsigned: only Jira's current state can be applied).
    private static String delivery(String event, String[] issue, long timestamp) {
        return """
                {"timestamp": %d, "webhookEvent": "%s", "issue_event_type_name": "issue_generic",
                 "user": {"accountId": "5d53f3cbc6b9320d9ea5bdc2", "displayName": "Ana Silva"},
                 "issue": {"id": "%s", "key": "%s", "fields": {}},
                 "changelog": {"id": "%d", "items": [{"field": "status", "fieldtype": "jira", "fieldId": "status",
                   "from": "10000", "fromString": "To Do", "to": "10002", "toString": "Done"}]}}"""
                .formatted(timestamp, event, issue[0], issue[1], timestamp);
    }

    private static void post(String body, String identifier) {
        given().contentType("application/json").header("X-Atlassian-Webhook-Identifier", identifier).body(body)
                .post("/webhooks/jira/" + PROJECT).then().statusCode(202);
    }

    private static long received(String methodAndTemplate) {
        Number n = given().get(sandbox() + "/_control/counters").then().statusCode(200).extract()
                .path("requests.'" + methodAndTemplate + "'");
        return n == null ? 0 : n.longValue();
    }

    private long rows(String where) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from webhook_inbox where project = '" + PROJECT + "' and " + where).getSingleResult())
                .longValue());
    }
}
