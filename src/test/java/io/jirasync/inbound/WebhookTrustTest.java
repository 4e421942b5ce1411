package io.jirasync.inbound;

import static io.jirasync.inbound.InboundFixture.ADMIN;
import static io.jirasync.inbound.InboundFixture.api;
import static io.jirasync.inbound.InboundFixture.event;
import static io.jirasync.inbound.InboundFixture.fingerprint;
import static io.jirasync.inbound.InboundFixture.integration;
import static io.jirasync.inbound.InboundFixture.jiraAs;
import static io.jirasync.inbound.InboundFixture.moveTo;
import static io.jirasync.inbound.InboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.JiraLink;
import io.jirasync.integration.IntegrationService;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.dto.Transition;
import io.jirasync.outbound.JiraWriteLedger;
import io.jirasync.security.HmacSignature;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * What a webhook delivery may make jira-sync do (issue 15): an unsigned one only makes it read the issue from Jira,
 * a deletion counts once Jira answers 404, times in the future are taken as now, and echoes are told by the ledger
 * of jira-sync's own writes alone, the same on the webhook path and on reconciliation.
 */
@QuarkusTest
class WebhookTrustTest {

    static final String SECRET = "trust-webhook-secret-of-the-tests";
    static final String SIGNED = ", \"webhookSecret\": \"" + SECRET + "\"";
    static final String WRONG_TOKEN = "a-token-jira-refuses";
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    @Inject
    FingerprintService fingerprints;
    @Inject
    InboxJob inbox;
    @Inject
    ReconcileJob reconciler;
    @Inject
    IntegrationService integrations;
    @Inject
    JiraClient jira;
    @Inject
    JiraWriteLedger ledger;
    @Inject
    EntityManager em;

    /** A sandbox issue. */
    private record Ticket(String id, String key) {
    }

    @BeforeEach
    void forgetOtherTestsWork() {
        InboundFixture.forgetOtherTestsWork(em);
    }

    /** A new To Do issue in the sandbox. */
    private static Ticket ticket() {
        String key = jiraAs("ana").body("""
                {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "trust",
                 "customfield_10010": {"value": "Backend"}}}""").post(api("cloud") + "/issue")
                .then().statusCode(201).extract().path("key");
        String id = jiraAs("ana").get(api("cloud") + "/issue/" + key).then().statusCode(200).extract().path("id");
        return new Ticket(id, key);
    }

    /** The fingerprint {@code fp} of the project, linked to the ticket. */
    private void link(String project, Ticket ticket) {
        event(project, List.of("fp"), Map.of());
        fingerprints.foldStaged();
        fingerprints.linkJira(project, "fp", new JiraLink(ticket.id(), ticket.key(), sandbox() + "/browse/"
                + ticket.key(), "To Do"));
    }

    private static String jiraTime(OffsetDateTime time) {
        return JIRA_TIME.format(time);
    }

    private static String now() {
        return jiraTime(OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** A Cloud {@code jira:issue_updated} delivery saying the ticket moved to {@code status}. */
    private static String statusChange(Ticket ticket, String status, String category, String updated, long sentAt) {
        return """
                {"timestamp": %d, "webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_generic",
                 "user": {"accountId": "5d53f3cbc6b9320d9ea5bdc2", "displayName": "Ana Silva"},
                 "issue": {"id": "%s", "key": "%s", "fields": {"status": {"name": "%s", "statusCategory": {"key": "%s"}},
                           "updated": "%s"}},
                 "changelog": {"id": "%d", "items": [{"field": "status", "fieldtype": "jira", "fieldId": "status",
                   "from": "10000", "fromString": "To Do", "to": "10001", "toString": "%s"}]}}"""
                .formatted(sentAt, ticket.id(), ticket.key(), status, category, updated, sentAt, status);
    }

    private static String deletion(Ticket ticket, long sentAt) {
        return """
                {"timestamp": %d, "webhookEvent": "jira:issue_deleted",
                 "user": {"accountId": "5d53f3cbc6b9320d9ea5bdc2", "displayName": "Ana Silva"},
                 "issue": {"id": "%s", "key": "%s", "fields": {"status": {"name": "To Do",
                           "statusCategory": {"key": "new"}}}}}""".formatted(sentAt, ticket.id(), ticket.key());
    }

    /** Posts a delivery, signed with {@code secret} unless it is null. */
    private static ValidatableResponse post(String project, String body, String identifier, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var request = given().contentType(ContentType.JSON).header("X-Atlassian-Webhook-Identifier", identifier);
        if (secret != null) {
            request.header("X-Hub-Signature", HmacSignature.sign(bytes, secret));
        }
        return request.body(bytes).post("/webhooks/jira/" + project).then().statusCode(202);
    }

    /** The inbox row's state and reason. */
    private Object[] delivery(String project, String identifier) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select state, reason from webhook_inbox where project = ?1 and dedupe_key = ?2")
                .setParameter(1, project).setParameter(2, "id:" + identifier).getSingleResult());
    }

    private void drain() {
        while (inbox.processOnce() > 0) {
            // until nothing is due
        }
    }

    /** Drains the inbox until the delivery is no longer pending (its retry comes after the backoff); its state. */
    private String awaitProcessed(String project, String identifier) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            drain();
            return !"pending".equals(delivery(project, identifier)[0]);
        });
        return (String) delivery(project, identifier)[0];
    }

    private static String state(String project) {
        return fingerprint(project, "fp").getString("state");
    }

    @Test
    void anUnsignedDeliveryOnlyMakesJiraSyncReadTheIssueAndWaitsWhileJiraCannotBeAsked() {
        integration("trust-unsigned", "cloud", "");
        Ticket ticket = ticket();
        link("trust-unsigned", ticket);

        // It claims Done; Jira shows To Do, and Jira's word is what counts.
        post("trust-unsigned", statusChange(ticket, "Done", "done", now(), System.currentTimeMillis()), "unsigned-1",
                null).body("outcome", equalTo("stored"));
        drain();
        assertEquals("open", state("trust-unsigned"));
        assertThat((String) delivery("trust-unsigned", "unsigned-1")[1], containsString("Jira's current state"));

        // Jira cannot be asked (it refuses the credentials): the delivery waits, and its content is not applied.
        integration("trust-unsigned", "cloud", WRONG_TOKEN, "");
        post("trust-unsigned", statusChange(ticket, "Done", "done", now(), System.currentTimeMillis() + 1),
                "unsigned-2", null).body("outcome", equalTo("stored"));
        drain();
        assertEquals("open", state("trust-unsigned"), "the unsigned delivery's Done was applied");
        Object[] waiting = delivery("trust-unsigned", "unsigned-2");
        assertEquals("pending", waiting[0]);
        assertThat((String) waiting[1], containsString("the content of an unsigned delivery is never applied"));

        // Jira answers again: a later attempt reads the issue.
        integration("trust-unsigned", "cloud", "");
        assertEquals("applied", awaitProcessed("trust-unsigned", "unsigned-2"));
        assertEquals("open", state("trust-unsigned"));
    }

    @Test
    void aDeletionIsAppliedOnlyOnceJiraAnswers404ForTheIssue() {
        integration("trust-delete", "cloud", SIGNED);
        Ticket ticket = ticket();
        link("trust-delete", ticket);

        post("trust-delete", deletion(ticket, System.currentTimeMillis()), "delete-1", SECRET)
                .body("outcome", equalTo("stored"));
        drain();
        assertEquals(ticket.key(), fingerprint("trust-delete", "fp").getString("jira.key"), "unlinked by the body");
        assertThat((String) delivery("trust-delete", "delete-1")[1],
                containsString("Jira still shows " + ticket.key() + ": the deletion event is not applied."));

        // Jira cannot be asked: even a signed deletion waits.
        integration("trust-delete", "cloud", WRONG_TOKEN, SIGNED);
        post("trust-delete", deletion(ticket, System.currentTimeMillis() + 1), "delete-2", SECRET);
        drain();
        Object[] waiting = delivery("trust-delete", "delete-2");
        assertEquals("pending", waiting[0]);
        assertThat((String) waiting[1], containsString("a deletion is applied only once Jira answers 404"));
        assertEquals(ticket.key(), fingerprint("trust-delete", "fp").getString("jira.key"));

        // The ticket really goes: Jira answers 404, and the waiting deletion unlinks the fingerprint.
        jiraAs("jira-sync@example.com").delete(api("cloud") + "/issue/" + ticket.key()).then().statusCode(204);
        integration("trust-delete", "cloud", SIGNED);
        assertEquals("applied", awaitProcessed("trust-delete", "delete-2"));
        assertNull(fingerprint("trust-delete", "fp").get("jira"));
        assertEquals("open", state("trust-delete"), "the fingerprint keeps its state");
    }

    @Test
    void aYear9999UpdatedIsTakenAsNowSoThatLaterRealChangesStillApply() throws IOException {
        // Jira cannot be asked, so the signed delivery's own content is applied, with its updated of year 9999.
        integration("trust-future", "cloud", WRONG_TOKEN, SIGNED);
        Ticket ticket = ticket();
        link("trust-future", ticket);
        post("trust-future", statusChange(ticket, "Done", "done", "9999-12-31T23:59:59.000+0000",
                System.currentTimeMillis()), "future-1", SECRET);
        drain();
        assertEquals("resolved", state("trust-future"));
        Object[] applied = delivery("trust-future", "future-1");
        assertEquals("applied", applied[0]);

        // Later someone moves the ticket; reconciliation brings it back, not older than year 9999 any more.
        integration("trust-future", "cloud", SIGNED);
        moveTo("ana", "cloud", ticket.key(), "In Progress");
        reconciler.reconcile("trust-future");
        assertEquals("in_progress", state("trust-future"), "the real change was taken for older than year 9999");

        // The delivery's reason and a WARN say so.
        String taken = "Jira's updated time of " + ticket.key() + " 9999-12-31T23:59:59Z is more than 5 minutes in the"
                + " future: taken as ";
        assertThat((String) applied[1], containsString(taken));
        try (var lines = Files.lines(Path.of("target/quarkus-test.log"))) {
            assertTrue(lines.anyMatch(line -> line.contains("WARN") && line.contains(taken)), "no WARN in the log");
        }
    }

    @Test
    void aDeliveryTimeInTheFutureIsTakenAsNowAndSaidSo() {
        integration("trust-sent", "cloud", SIGNED);
        Ticket ticket = ticket();
        link("trust-sent", ticket);
        post("trust-sent", statusChange(ticket, "To Do", "new", now(), 253_402_300_799_000L), "sent-1", SECRET);
        drain();
        assertThat((String) delivery("trust-sent", "sent-1")[1], containsString(
                "The delivery's time 9999-12-31T23:59:59Z is more than 5 minutes in the future: taken as "));
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/trust-sent/sync-log?fingerprint=fp").then()
                .statusCode(200).body("entries[0].message", containsString("The delivery's time 9999-12-31T23:59:59Z"));
    }

    @Test
    void aChangeMadeWithJiraSyncsOwnAccountIsAppliedByWebhookAndReconciliationAlikeAndOnlyTheLedgerMakesEchoes() {
        integration("trust-echo-hook", "cloud", SIGNED);
        integration("trust-echo-search", "cloud", "");
        Ticket ticket = ticket();
        link("trust-echo-hook", ticket);
        link("trust-echo-search", ticket);
        given().contentType(ContentType.JSON).body(Map.of("url", "http://localhost:" + io.restassured.RestAssured.port
                + "/webhooks/jira/trust-echo-hook", "secret", SECRET, "projects", List.of("DEMO")))
                .post(sandbox() + "/_control/webhooks").then().statusCode(201);

        // A new user tries jira-sync out with its own Jira account: the change is theirs, not an echo.
        moveTo("jira-sync@example.com", "cloud", ticket.key(), "In Progress");
        InboundFixture.awaitInbox(em, "trust-echo-hook", 1);
        drain();
        reconciler.reconcile("trust-echo-search");
        assertEquals("in_progress", state("trust-echo-hook"), "the webhook path took it for an echo");
        assertEquals("in_progress", state("trust-echo-search"));

        // jira-sync's own write, in the ledger, coming back is an echo on both paths.
        JiraSite site = integrations.load("trust-echo-hook").orElseThrow().site();
        Transition done = jira.transitions(site, ticket.key()).stream().filter(t -> "Done".equals(t.to().name()))
                .findFirst().orElseThrow();
        for (String project : List.of("trust-echo-hook", "trust-echo-search")) {
            ledger.recordWrite(project, "fp", ticket.key(), JiraWriteLedger.Field.STATUS, "Done");
        }
        jira.transition(site, ticket.key(), done.id(), Map.of("resolution", Map.of("name", "Done")));
        InboundFixture.awaitInbox(em, "trust-echo-hook", 2);
        drain();
        reconciler.reconcile("trust-echo-search");
        for (String project : List.of("trust-echo-hook", "trust-echo-search")) {
            assertEquals("in_progress", state(project), project);
            given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project + "/sync-log?fingerprint=fp").then()
                    .statusCode(200).body("entries.message", hasItem(containsString("Status Done is what jira-sync"
                            + " itself wrote to " + ticket.key())))
                    .body("entries.message", not(hasItem(containsString("own Jira account"))));
        }
    }

    @Test
    void testWarnsWhenAnIntegrationAcceptsUnsignedDeliveries() {
        integration("trust-allow", "cloud", ", \"allowUnsignedWebhooks\": true");
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/trust-allow").then().statusCode(200)
                .body("allowUnsignedWebhooks", equalTo(true));
        given().auth().oauth2(ADMIN).post("/api/v1/integrations/trust-allow/test").then().statusCode(200)
                .body("findings.find { it.field == 'allowUnsignedWebhooks' }.severity", equalTo("warning"))
                .body("findings.find { it.field == 'allowUnsignedWebhooks' }.message",
                        containsString("Their content is never applied"));
        integration("trust-allow", "cloud", ", \"allowUnsignedWebhooks\": true" + SIGNED);
        given().auth().oauth2(ADMIN).post("/api/v1/integrations/trust-allow/test").then().statusCode(200)
                .body("findings.field", not(hasItem("allowUnsignedWebhooks")));
    }
}
