package io.jirasync.inbound;

import static io.jirasync.inbound.InboundFixture.ADMIN;
import static io.jirasync.inbound.InboundFixture.event;
import static io.jirasync.inbound.InboundFixture.fingerprint;
import static io.jirasync.inbound.InboundFixture.integration;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.fingerprint.FingerprintPatch;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.fingerprint.JiraLink;
import io.jirasync.security.HmacSignature;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The recorded Jira deliveries (Cloud and Server), signed, through receiver, inbox and processor. Their issues do not
 * exist in the sandbox (Jira answers 404), so each update is applied from its own content (changelog over snapshot),
 * as for any signed delivery when Jira cannot be asked, and the deletion is confirmed by the 404.
 */
@QuarkusTest
class InboxRealDeliveriesTest {

    static final String SECRET = "recorded-deliveries-hook-secret";
    static final String USERS = """
            , "webhookSecret": "%s",
              "users": [{"tracker": "admin@tracker.example.com", "jira": "5c5f880629be9642ba529340"}]"""
            .formatted(SECRET);

    @Inject
    FingerprintService fingerprints;
    @Inject
    InboxJob inbox;
    @Inject
    EntityManager em;

    @BeforeEach
    void forgetOtherTestsDeliveries() {
        InboundFixture.forgetOtherTestsWork(em);
    }

    private void drain() {
        while (inbox.processOnce() > 0) {
            // until nothing is pending
        }
    }

    private void linked(String project, String fp, String issueId, String key, FingerprintPatch before) {
        event(project, List.of(fp), Map.of());
        fingerprints.foldStaged();
        fingerprints.linkJira(project, fp, new JiraLink(issueId, key, "https://jira.example.com/browse/" + key,
                "In Progress"));
        if (before != null) {
            fingerprints.applyFromJira(project, fp, before, null);
        }
    }

    /** Posts the recorded delivery signed; its outcome. */
    private static String post(String project, String file, String identifier) throws IOException {
        byte[] body = WebhookReceiverTest.delivery(file);
        return given().contentType("application/json").header("X-Atlassian-Webhook-Identifier", identifier)
                .header("X-Hub-Signature", HmacSignature.sign(body, SECRET)).body(body)
                .post("/webhooks/jira/" + project).then().statusCode(202).extract().path("outcome");
    }

    /** One delivery to a fresh fingerprint linked to the delivery's issue; the fingerprint as the API shows it after. */
    private JsonPath deliver(String project, String extra, String file, String issueId, String key,
            FingerprintPatch before) throws IOException {
        integration(project, "cloud", USERS + extra);
        linked(project, "fp", issueId, key, before);
        post(project, file, project + "-" + file);
        drain();
        return fingerprint(project, "fp");
    }

    @Test
    void cloudResolvedReopenedStartedWorkingMoveTheState() throws IOException {
        JsonPath resolved = deliver("rd-resolved", "", "webhook-issue-updated-resolved.json", "10040", "TES-41", null);
        assertEquals("resolved", resolved.getString("state"));
        assertEquals("Done", resolved.getString("jira.status"));

        JsonPath reopened = deliver("rd-reopened", "", "webhook-issue-updated-reopened.json", "10040", "TES-41",
                new FingerprintPatch(FingerprintState.RESOLVED, false, null, true, "1.0"));
        assertEquals("open", reopened.getString("state"));
        assertNull(reopened.getString("resolvedUntilVersion"), "resolved-until is cleared on reopen");

        JsonPath started = deliver("rd-started", "", "webhook-issue-updated-started-working.json", "10040", "TES-41",
                null);
        assertEquals("in_progress", started.getString("state"));

        given().auth().oauth2(ADMIN).get("/api/v1/integrations/rd-resolved/sync-log?fingerprint=fp").then()
                .statusCode(200)
                .body("entries[0].direction", org.hamcrest.Matchers.equalTo("inbound"))
                .body("entries[0].outcome", org.hamcrest.Matchers.equalTo("applied"))
                .body("entries[0].message", org.hamcrest.Matchers.containsString("state open -> resolved"))
                .body("entries[0].message", org.hamcrest.Matchers.containsString("the delivery's own content"));
    }

    @Test
    void assigneeFollowsTheUsersMappingAndNobodyClearsIt() throws IOException {
        JsonPath assigned = deliver("rd-assigned", "", "webhook-issue-updated-assigned.json", "10040", "TES-41", null);
        assertEquals("admin@tracker.example.com", assigned.getString("assignee"));

        JsonPath nobody = deliver("rd-nobody", "", "webhook-issue-updated-assigned-nobody.json", "10040", "TES-41",
                new FingerprintPatch(null, true, "someone@tracker.example.com", false, null));
        assertNull(nobody.getString("assignee"));
    }

    @Test
    void fixVersionOnAnOpenTicketResolvesNothingAndDeletionUnlinks() throws IOException {
        JsonPath fix = deliver("rd-fixversion", "", "webhook-issue-updated-fix-version.json", "10040", "TES-41", null);
        assertEquals("open", fix.getString("state"), "the ticket is To Do: nothing is resolved yet");
        assertNull(fix.getString("resolvedUntilVersion"));
        assertEquals("To Do", fix.getString("jira.status"));

        JsonPath deleted = deliver("rd-deleted", "", "webhook-issue-deleted.json", "10303", "IDT-19",
                FingerprintPatch.state(FingerprintState.IN_PROGRESS));
        assertNull(deleted.get("jira"), "unlinked");
        assertEquals("in_progress", deleted.getString("state"), "kept as it was");
    }

    @Test
    void serverInProgressAndResolvedMoveTheState() throws IOException {
        JsonPath progress = deliver("rd-server-progress", "", "webhook-server-issue-updated-in-progress.json", "10300",
                "TES-4", null);
        assertEquals("in_progress", progress.getString("state"));
        JsonPath resolved = deliver("rd-server-resolved", "", "webhook-server-issue-updated-resolved.json", "10300",
                "TES-4", null);
        assertEquals("resolved", resolved.getString("state"));
        assertEquals("Resolved", resolved.getString("jira.status"));
    }

    @Test
    void statusMappingOverridesTheCategoryAndSwitchesAreObeyed() throws IOException {
        JsonPath mapped = deliver("rd-mapped", ", \"statusMapping\": {\"inbound\": {\"done\": \"ignored\"}}",
                "webhook-issue-updated-resolved.json", "10040", "TES-41", null);
        assertEquals("ignored", mapped.getString("state"));

        JsonPath off = deliver("rd-off", ", \"sync\": {\"inbound\": {\"state\": false, \"assignee\": false}}",
                "webhook-issue-updated-resolved.json", "10040", "TES-41", null);
        assertEquals("open", off.getString("state"));
        assertEquals("Done", off.getString("jira.status"), "the ticket's status is still shown");
        JsonPath offAssignee = deliver("rd-off-assignee", ", \"sync\": {\"inbound\": {\"assignee\": false}}",
                "webhook-issue-updated-assigned.json", "10040", "TES-41", null);
        assertNull(offAssignee.getString("assignee"));
    }

    @Test
    void anIssueNoFingerprintIsLinkedToIsRecordedAsIgnored() throws IOException {
        integration("rd-unknown", "cloud", USERS);
        post("rd-unknown", "webhook-issue-created.json", "unknown-1");
        drain();
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select state, reason from webhook_inbox where project = 'rd-unknown'").getSingleResult());
        assertEquals("ignored", row[0]);
        assertTrue(row[1].toString().startsWith("No fingerprint of project rd-unknown is linked to Jira issue TES-41"),
                row[1].toString());
    }

    @Test
    void everyRecordedDeliveryIsProcessedWithoutFailure() throws IOException {
        integration("rd-all", "cloud", USERS);
        linked("rd-all", "fp-41", "10040", "TES-41", null);
        linked("rd-all", "fp-4", "10300", "TES-4", null);
        linked("rd-all", "fp-19", "10303", "IDT-19", null);
        for (String file : WebhookReceiverTest.deliveryNames()) {
            post("rd-all", file, "all-" + file);
        }
        drain();
        List<?> states = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select state from webhook_inbox where project = 'rd-all' and state not in ('applied', 'ignored')")
                .getResultList());
        assertEquals(List.of(), states, "no delivery is left pending or failed");
    }

    /** Acceptance 3: every delivery three times, shuffled, ends where the deliveries in Jira's order end. */
    @Test
    void deliveriesThreeTimesShuffledEndAsInJirasOrder() throws IOException {
        List<String> files = new ArrayList<>(WebhookReceiverTest.deliveryNames());
        ObjectMapper json = new ObjectMapper();
        Map<String, Long> timestamps = new LinkedHashMap<>();
        for (String file : files) {
            timestamps.put(file, json.readTree(new String(WebhookReceiverTest.delivery(file), StandardCharsets.UTF_8))
                    .path("timestamp").asLong());
        }
        files.sort(Comparator.comparing(timestamps::get));
        for (String project : List.of("order-jira", "order-shuffled")) {
            integration(project, "cloud", USERS);
            linked(project, "fp-41", "10040", "TES-41", null);
            linked(project, "fp-4", "10300", "TES-4", null);
            linked(project, "fp-19", "10303", "IDT-19", null);
        }
        for (String file : files) {
            post("order-jira", file, "in-order-" + file);
            drain();
        }
        List<String> shuffled = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            for (String file : files) {
                shuffled.add(copy + "#" + file);
            }
        }
        Collections.shuffle(shuffled, new Random(9));
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (String copy : shuffled) {
            // Each copy with its own identifier: the body's digest makes the second and third duplicates, so the
            // first copies, shuffled, are what is applied, and only the watermark keeps order.
            outcomes.merge(post("order-shuffled", copy.substring(2), "shuffled-" + copy), 1, Integer::sum);
            drain();
        }
        assertEquals(2 * files.size(), outcomes.get("duplicate"), outcomes.toString());
        for (String fp : List.of("fp-41", "fp-4", "fp-19")) {
            JsonPath inOrder = fingerprint("order-jira", fp);
            JsonPath shuffledResult = fingerprint("order-shuffled", fp);
            for (String field : List.of("state", "assignee", "resolvedUntilVersion", "jira.key", "jira.status")) {
                assertEquals(inOrder.getString(field), shuffledResult.getString(field), fp + " " + field);
            }
        }
        JsonPath tes41 = fingerprint("order-jira", "fp-41");
        assertEquals("open", tes41.getString("state"));
        assertNull(tes41.getString("assignee"), "assigned-nobody is TES-41's newest change");
        assertEquals("in_progress", fingerprint("order-jira", "fp-4").getString("state"));
        assertNull(fingerprint("order-jira", "fp-19").get("jira"), "IDT-19 was deleted");
    }
}
