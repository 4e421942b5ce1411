package io.jirasync.outbound;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.control;
import static io.jirasync.outbound.OutboundFixture.ingest;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.jirasync.outbound.OutboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.jirasync.Management;
import io.jirasync.fingerprint.FingerprintService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Jira's points quota runs out in the middle of ticket creation: the one 429 with
 * {@code RateLimit-Reason: jira-quota-global-based} pauses the site until the quota resets. The pause shows in
 * {@code /q/metrics} and as one sync-log line; the waiting tasks are neither retried against Jira nor failed, and
 * once the quota has reset every ticket is created.
 */
@QuarkusTest
class QuotaPauseTest {

    private static final String PROJECT = "shopquota";
    // The create metadata (read by each task running at first, up to three requests each) and ten creates: more
    // than one window's points, fewer than two windows'.
    private static final int TICKETS = 10;
    private static final int POINTS = 10;
    private static final int WINDOW_SECONDS = 5;

    @Inject
    RulesJob rules;
    @Inject
    DispatchJob dispatcher;
    @Inject
    FingerprintService fingerprints;
    @Inject
    EntityManager em;

    @Test
    void aQuota429PausesTheSiteOnceAndTheTasksWaitForTheReset() throws Exception {
        OutboundFixture.failOpenTasks(em);
        resetSandbox("cloud");
        // A user of its own: a site (budget, pause, quota) no other test shares.
        integration(PROJECT, "ben@example.com", TicketCreationTest.TEAM_AND_ENV);
        control(Map.of("quotaPoints", POINTS, "quotaWindowSeconds", WINDOW_SECONDS));
        ingest(PROJECT, IntStream.range(0, TICKETS).mapToObj(i -> "q-" + i).toList(), 2,
                Map.of("environment", "production"));
        fingerprints.foldStaged();
        assertEquals(TICKETS, rules.runOnce());

        long started = System.currentTimeMillis();
        // The adaptive concurrency earlier tests left: how many requests may be in flight when the first 429 comes.
        int inFlightAtMost = dispatcher.concurrencyNow();
        assertEquals(TICKETS, dispatcher.dispatchOnce(), "every task ran once");
        String scrape = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(scrape.matches("(?s).*\\njira_sync_site_paused\\{reason=\"quota\",site=\"site-[0-9a-f]{12}\"} 1\\.0\\n.*"),
                "the pause in the metrics:\n" + lines(scrape, "jira_sync_site_pause"));
        assertTrue(scrape.contains("# HELP jira_sync_site_paused "), "HELP of the pause gauge");
        java.util.regex.Matcher paused = java.util.regex.Pattern
                .compile("(?m)^jira_sync_site_paused\\{reason=\"quota\",site=\"(site-[0-9a-f]{12})\"} 1\\.0$")
                .matcher(scrape);
        assertTrue(paused.find(), "the paused site:\n" + lines(scrape, "jira_sync_site_paused"));
        String site = paused.group(1);
        assertTrue(pauses(scrape, site) >= 1, "the pause counted:\n" + lines(scrape, "jira_sync_site_pause"));
        assertTrue(scrape.matches("(?s).*\\njira_sync_budget_requests_total\\{site=\"site-[0-9a-f]{12}\"} [1-9].*"),
                "budget admissions:\n" + lines(scrape, "jira_sync_budget"));

        while (linked() < TICKETS && System.currentTimeMillis() - started < 4L * WINDOW_SECONDS * 1000) {
            dispatcher.dispatchOnce();
            Thread.sleep(100);
        }
        assertEquals(TICKETS, linked(), "every ticket was created after the reset");
        assertTrue(System.currentTimeMillis() - started >= 1000, "the tasks waited for the reset");

        Map<String, Object> counters = given().get(sandbox() + "/_control/counters").then().statusCode(200)
                .extract().path("statuses");
        // Requests already in flight when the first 429 came back may meet it too; none is sent after it.
        assertTrue(((Number) counters.get("429")).intValue() <= Math.max(inFlightAtMost, dispatcher.concurrencyNow()),
                "no storm of retries: " + counters + ", at most " + inFlightAtMost + " in flight");

        List<Map<String, Object>> log = given().auth().oauth2(ADMIN)
                .get("/api/v1/integrations/" + PROJECT + "/sync-log?limit=1000").then().statusCode(200).extract()
                .path("entries");
        List<Map<String, Object>> aboutThePause = log.stream()
                .filter(e -> String.valueOf(e.get("message")).contains("quota")).toList();
        String later = Management.given().get("/q/metrics").then().extract().asString();
        // How many windows the requests use up depends on how many tasks run at once (the adaptive concurrency,
        // which earlier tests may have raised, and each first task reads the create metadata): one pause per
        // used-up window, never one per waiting task. The sandbox counts every answer, 429s included.
        int answered = counters.values().stream().mapToInt(n -> ((Number) n).intValue()).sum();
        int windows = (answered + POINTS - 1) / POINTS;
        int pauses = pauses(later, site);
        assertTrue(pauses >= 1 && pauses <= windows, "one pause per used-up window (" + answered + " answers, "
                + windows + " windows):\n" + lines(later, "jira_sync_site_pause"));
        assertEquals(pauses, aboutThePause.size(), "one sync-log line per pause, not per task: " + aboutThePause);
        aboutThePause.forEach(line -> assertEquals("paused", line.get("outcome"), "the pause line: " + line));
        assertEquals(List.of(), log.stream().filter(e -> "failed".equals(e.get("outcome"))
                || "retry".equals(e.get("outcome"))).toList(), "no task failed or retried");
        Map<String, Object> after = QuarkusTransaction.requiringNew().call(() -> Map.of("attempts",
                em.createNativeQuery("select max(attempts) from sync_task where project = :p")
                        .setParameter("p", PROJECT).getSingleResult()));
        assertEquals(1, ((Number) after.get("attempts")).intValue(), "the wait used no attempt");
        assertTrue(later.contains("\njira_sync_site_paused{reason=\"quota\",site=\"" + site + "\"} 0.0\n"),
                "the pause is over:\n" + lines(later, "jira_sync_site_paused"));
    }

    private long linked() {
        List<String> keys = given().auth().oauth2(ADMIN).get("/api/v1/projects/" + PROJECT + "/fingerprints?linked=true")
                .then().statusCode(200).extract().path("items.jira.key");
        return new HashSet<>(keys).size();
    }

    private static int pauses(String scrape, String site) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^jira_sync_site_pauses_total\\{reason=\"quota\",site=\"" + site + "\"} ([0-9.]+)$")
                .matcher(scrape);
        return m.find() ? (int) Double.parseDouble(m.group(1)) : 0;
    }

    private static String lines(String scrape, String prefix) {
        return String.join("\n", scrape.lines().filter(l -> l.contains(prefix)).toList());
    }
}
