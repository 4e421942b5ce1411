package io.jirasync.inbound;

import static io.jirasync.inbound.InboundFixture.event;
import static io.jirasync.inbound.InboundFixture.integration;
import static io.jirasync.inbound.InboundFixture.jiraAs;
import static io.jirasync.inbound.InboundFixture.moveTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.Management;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.JiraLink;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The inbound metrics on the management port, as a scraper reads them: every jira-sync family has its HELP, and
 * the inbox, delivery, reconciliation and last-webhook families move when deliveries are applied, ignored and
 * failed and when reconciliation repairs a change no webhook delivered.
 */
@QuarkusTest
class InboundMetricsTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)",
            Pattern.MULTILINE);

    @Inject
    FingerprintService fingerprints;
    @Inject
    InboxJob inbox;
    @Inject
    ReconcileJob reconciler;
    @Inject
    InboundMetrics metrics;
    @Inject
    EntityManager em;

    @BeforeEach
    void forgetOtherTestsWork() {
        InboundFixture.forgetOtherTestsWork(em);
    }

    private static String scrape() {
        return Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the sample {@code name{labels}} (labels as Prometheus writes them), 0 when absent. */
    private static double value(String scraped, String name, String labels) {
        Matcher m = SAMPLE.matcher(scraped);
        while (m.find()) {
            if (m.group(1).equals(name) && (labels == null || labels.equals(m.group(2)))) {
                return Double.parseDouble(m.group(3));
            }
        }
        return 0;
    }

    private static void post(String project, String body, String identifier) {
        given().contentType("application/json").header("X-Atlassian-Webhook-Identifier", identifier).body(body)
                .post("/webhooks/jira/" + project).then().statusCode(202);
    }

    private static String statusChange(String issueId, String key, long timestamp, String field) {
        return """
                {"timestamp": %d, "webhookEvent": "jira:issue_updated",
                 "user": {"accountId": "5d53f3cbc6b9320d9ea5bdc2", "displayName": "Ana Silva"},
                 "issue": {"id": "%s", "key": "%s", "fields": {}},
                 "changelog": {"id": "%d", "items": [{"field": "%s", "fieldtype": "jira", "fieldId": "%s",
                   "from": "1", "fromString": "To Do", "to": "3", "toString": "In Progress"}]}}"""
                .formatted(timestamp, issueId, key, timestamp, field, field);
    }

    /** A sandbox issue of DEMO: its key and id. */
    private static String[] issue(String summary) {
        String key = jiraAs("jira-sync@example.com").body("""
                {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "%s",
                 "customfield_10010": {"value": "Backend"}}}""".formatted(summary))
                .post(InboundFixture.api("cloud") + "/issue").then().statusCode(201).extract().path("key");
        String id = jiraAs("jira-sync@example.com").get(InboundFixture.api("cloud") + "/issue/" + key).then()
                .statusCode(200).extract().path("id");
        return new String[] { key, id };
    }

    private void drain() {
        while (inbox.processOnce() > 0) {
            // until nothing is due
        }
    }

    @Test
    void deliveriesReconciliationAndTheLastWebhookShowOnTheManagementPort() {
        integration("metrics", "cloud", "");
        integration("metricsbad", "cloud", "not-the-sandbox-token", "");
        String[] linked = issue("linked");
        String[] unlinked = issue("unlinked");
        event("metrics", List.of("fp"), Map.of());
        fingerprints.foldStaged();
        fingerprints.linkJira("metrics", "fp", new JiraLink(linked[1], linked[0], "x", "To Do"));
        String before = scrape();
        long start = Instant.now().getEpochSecond();

        moveTo("ana@example.com", "cloud", linked[0], "In Progress");
        long now = System.currentTimeMillis();
        post("metrics", statusChange(linked[1], linked[0], now, "status"), "m-applied");
        drain();
        post("metrics", statusChange(linked[1], linked[0], now - 60_000, "status"), "m-older");
        post("metrics", statusChange(unlinked[1], unlinked[0], now, "status"), "m-unknown");
        post("metrics", statusChange(linked[1], linked[0], now, "labels"), "m-unmapped");
        post("metrics", statusChange(linked[1], linked[0], now, "status"), "m-applied");
        post("metricsbad", statusChange(linked[1], linked[0], now, "status"), "m-failed");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update webhook_inbox set attempts = 9 where project = 'metricsbad'").executeUpdate());
        drain();
        moveTo("ana@example.com", "cloud", linked[0], "Done");
        ReconcileJob.Run run = reconciler.reconcile("metrics");
        org.junit.jupiter.api.Assertions.assertNull(run.error(), "reconciliation ran");
        post("metrics", statusChange(linked[1], linked[0], now + 1, "status"), "m-pending");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update webhook_inbox set received_at = now() - interval '2 minutes' where dedupe_key = 'id:m-pending'")
                .executeUpdate());
        metrics.refresh();
        String after = scrape();

        String deliveries = "jira_sync_deliveries_total";
        assertMoved(before, after, deliveries, "{outcome=\"applied\",reason=\"changed\"}");
        assertMoved(before, after, deliveries, "{outcome=\"ignored\",reason=\"older_than_watermark\"}");
        assertMoved(before, after, deliveries, "{outcome=\"ignored\",reason=\"unknown_issue\"}");
        assertMoved(before, after, deliveries, "{outcome=\"ignored\",reason=\"unmapped_fields\"}");
        assertMoved(before, after, deliveries, "{outcome=\"duplicate\",reason=\"redelivery\"}");
        assertMoved(before, after, deliveries, "{outcome=\"failed\",reason=\"jira_unreachable\"}");
        assertMoved(before, after, "jira_sync_reconcile_runs_total", "{outcome=\"ok\"}");
        assertMoved(before, after, "jira_sync_reconcile_missed_deliveries_total", "{integration=\"metrics\"}");
        assertTrue(value(after, "jira_sync_inbox_deliveries", "{state=\"applied\"}") >= 1, "applied in the inbox");
        assertTrue(value(after, "jira_sync_inbox_deliveries", "{state=\"failed\"}") >= 1, "failed in the inbox");
        assertTrue(value(after, "jira_sync_inbox_deliveries", "{state=\"pending\"}") >= 1, "pending in the inbox");
        assertTrue(value(after, "jira_sync_inbox_oldest_pending_seconds", null) >= 110, "oldest pending age");
        assertTrue(value(after, "jira_sync_webhook_last_received_seconds", "{integration=\"metrics\"}") >= start,
                "last webhook of the integration");
        assertEveryFamilyHasHelp(after);
        io.quarkus.logging.Log.infof("The inbound families on /q/metrics:%n%s", after.lines()
                .filter(l -> l.matches("(# (HELP|TYPE) )?jira_sync_(inbox|deliveries|reconcile|webhook_last).*"))
                .collect(java.util.stream.Collectors.joining("\n")));
    }

    private static void assertMoved(String before, String after, String name, String labels) {
        double was = value(before, name, labels);
        double is = value(after, name, labels);
        assertTrue(is > was, name + labels + " did not move: " + was + " -> " + is);
    }

    /** Every jira_sync_* sample belongs to a family with a non-empty {@code # HELP} line. */
    private static void assertEveryFamilyHasHelp(String scraped) {
        Set<String> helped = new HashSet<>();
        Matcher help = Pattern.compile("^# HELP (\\S+) (\\S.*)$", Pattern.MULTILINE).matcher(scraped);
        while (help.find()) {
            helped.add(help.group(1));
        }
        List<String> missing = new ArrayList<>();
        Set<String> families = new HashSet<>();
        Matcher sample = SAMPLE.matcher(scraped);
        while (sample.find()) {
            String name = sample.group(1);
            if (name.startsWith("jira_sync") && families.add(name)
                    && !helped.contains(name)
                    && !helped.contains(name.replaceFirst("_(total|count|sum|max|bucket|created)$", ""))) {
                missing.add(name);
            }
        }
        assertTrue(families.size() >= 10, "jira_sync families scraped: " + families);
        assertEquals(List.of(), missing, "families without HELP");
    }
}
