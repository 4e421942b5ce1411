package io.jirasync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * 429 storm and per-issue write limits: the worker's budget is twice what Jira allows, and for a stretch Jira
 * also answers a share of all requests 429 with a Retry-After of 2, then 3 s, while the worker creates 300
 * tickets; then the tracker changes the state and assignee of three hot fingerprints again and again while Jira
 * allows one write per issue per second. No task is lost or failed, there is exactly one ticket per fingerprint,
 * each hot issue ends as last asked, and (from the sandbox's request journal) no request came sooner than the
 * Retry-After of a 429 of its scope.
 */
class RateLimitReliabilityIT {

    private static final Logger LOG = Logger.getLogger(RateLimitReliabilityIT.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "rate";
    private static final String BOT = "jira-sync@example.com";
    private static final int FINGERPRINTS = 300;
    private static final int JIRA_BUDGET = 10;
    private static final int WORKER_BUDGET = 2 * JIRA_BUDGET;
    /** Each forced-429 stretch: this long, every {@code 1 / FORCED_SHARE}-th request answered 429. */
    private static final int STRETCH_SECONDS = 20;
    private static final double FORCED_SHARE = 0.2;
    private static final int HOT = 3;
    /** Workers sharing the site's budget and pauses: the rule must hold across replicas, not just within one. */
    private static final int REPLICAS = Integer.getInteger("reliability.rate.replicas", 1);
    private static final int ROUNDS = 40;
    private static final long ROUND_MILLIS = 250;
    /**
     * The rule's slack: the sandbox stamps arrival and answer with its clock in whole milliseconds, the worker
     * computes the end of a pause from its own clock when the answer reaches it (the same system clock, so it can
     * only be later than the answer); a few ms cover the rounding of the two stamps.
     */
    private static final long GRACE_MILLIS = 5;
    // How long a 429's answer may take from the sandbox's journal to the worker's threads (loopback, event loop,
    // thread wake-up) on this shared, loaded machine; requests sent sooner than that are in flight, not judged.
    // With several replicas a pause also travels through the database (jira_site_pause); the log line gives how
    // long requests took the other way in the run (X-Jira-Sync-Sent-At to arrival), for comparison.
    private static final long READ_MILLIS = 25;
    private static final String ANA = "ana@example.com";
    private static final String ANA_ID = "5d53f3cbc6b9320d9ea5bdc2";
    private static final String BEN = "ben@example.com";
    private static final String BEN_ID = "60e5a86a471e61006a4a41e7";

    @Test
    void noTaskIsLostAndNoRequestComesSoonerThanRetryAfter() throws Exception {
        try (Cluster cluster = new Cluster(Cluster.benchDatabaseUrl(), Path.of("target/reliability/rate"))) {
            cluster.resetDatabase();
            Cluster.Node jira = cluster.jira(Map.of()).start();
            cluster.sandbox(jira, "{\"requestsPerSecond\": " + JIRA_BUDGET + "}");
            Cluster.Node worker = cluster.worker("worker", WORKER_BUDGET, Map.of()).start();
            for (int replica = 2; replica <= REPLICAS; replica++) {
                cluster.worker("worker-" + replica, WORKER_BUDGET, Map.of()).start();
            }
            cluster.integration(worker, PROJECT, jira, ", \"users\": [{\"tracker\": \"" + ANA + "\", \"jira\": \""
                    + ANA_ID + "\"}, {\"tracker\": \"" + BEN + "\", \"jira\": \"" + BEN_ID + "\"}]");
            cluster.call("DELETE", jira.url() + "/sandbox/jira/_control/counters", null, null);

            // Phase 1: a storm of 429s while 300 tickets are created.
            long began = System.nanoTime();
            List<String> fingerprints = Tickets.fingerprints("rate-", FINGERPRINTS);
            cluster.ingest(worker, PROJECT, fingerprints);
            for (int retryAfter : new int[] { 2, 3 }) {
                cluster.sandbox(jira, "{\"failureShare\": " + FORCED_SHARE + ", \"failureStatus\": 429, "
                        + "\"retryAfterSeconds\": " + retryAfter + "}");
                Thread.sleep(STRETCH_SECONDS * 1000L);
            }
            long duringStorm = cluster.sandboxIssueCount(jira);
            cluster.sandbox(jira, "{\"failureShare\": 0}");
            long linked = Tickets.awaitLinked(cluster, PROJECT, FINGERPRINTS, 240_000);
            double creationSeconds = (System.nanoTime() - began) / 1e9;
            assertEquals(FINGERPRINTS, linked, "not every fingerprint got its ticket in time");

            // Phase 2: bursts of state and assignee changes to a few hot issues, one write per issue per second.
            // Jira's budget goes up to the worker's, so that the per-issue limit is what binds.
            cluster.sandbox(jira, "{\"writesPerIssuePerSecond\": 1, \"requestsPerSecond\": " + WORKER_BUDGET + "}");
            List<String> hot = fingerprints.subList(0, HOT);
            Map<String, String> keys = keys(cluster, hot);
            long burst = System.nanoTime();
            String lastState = null;
            String lastAssignee = null;
            for (int round = 0; round < ROUNDS; round++) {
                lastState = round % 2 == 0 ? "resolved" : "open";
                lastAssignee = new String[] { ANA, BEN, null }[round % 3];
                String change = "{\"state\": \"" + lastState + "\", \"assignee\": "
                        + (lastAssignee == null ? "null" : "\"" + lastAssignee + "\"") + "}";
                for (String fp : hot) {
                    HttpResponse<String> r = cluster.call("PATCH", worker.url() + "/api/v1/projects/" + PROJECT
                            + "/fingerprints/" + fp, Cluster.TRACKER, change);
                    assertEquals(200, r.statusCode(), r.body());
                }
                Thread.sleep(ROUND_MILLIS);
            }
            boolean settled = awaitSettled(cluster, 180_000);
            double burstSeconds = (System.nanoTime() - burst) / 1e9;
            double seconds = (System.nanoTime() - began) / 1e9;
            Thread.sleep(2000);

            // The journal first: the checks below read Jira with the worker's credential too.
            List<RequestJournal.Entry> journal = RequestJournal.fetch(cluster, jira);
            RequestJournal.save(journal, Path.of("target/reliability/rate/journal.tsv"));
            RequestJournal.Report report = RequestJournal.check(journal, BOT, READ_MILLIS, GRACE_MILLIS);
            long travelMedian = RequestJournal.travelMillis(journal, 50);
            long travelP90 = RequestJournal.travelMillis(journal, 90);
            cluster.sandbox(jira, "{\"requestsPerSecond\": 0, \"writesPerIssuePerSecond\": 0}");
            Map<String, Long> tasks = cluster.queryCounts("select kind || ' ' || state, count(*) from sync_task "
                    + "where project = '" + PROJECT + "' group by 1 order by 1");
            Map<String, Long> outcomes = cluster.queryCounts("select action || ' ' || outcome, count(*) from sync_log "
                    + "where project = '" + PROJECT + "' and outcome <> 'queued' group by 1 order by 1");
            List<String> hotProblems = new ArrayList<>();
            Map<String, String> hotEnds = new LinkedHashMap<>();
            String wantedStatus = "resolved".equals(lastState) ? "Done" : "To Do";
            String wantedAccount = ANA.equals(lastAssignee) ? ANA_ID : BEN.equals(lastAssignee) ? BEN_ID : null;
            for (String fp : hot) {
                JsonNode fields = issue(jira, keys.get(fp)).path("fields");
                String status = fields.path("status").path("name").asText();
                String account = fields.path("assignee").isObject() ? fields.path("assignee").path("accountId").asText()
                        : null;
                hotEnds.put(keys.get(fp), status + "/" + (account == null ? "unassigned" : account));
                if (!wantedStatus.equals(status) || !java.util.Objects.equals(wantedAccount, account)) {
                    hotProblems.add(keys.get(fp) + " (" + fp + ") ended " + status + "/" + account + ", asked "
                            + wantedStatus + "/" + wantedAccount);
                }
            }
            Tickets.Check check = Tickets.exactlyOnePerFingerprint(cluster, jira, PROJECT, fingerprints);
            long hotWrites = journal.stream().filter(e -> e.issue() != null && keys.containsValue(e.issue())).count();
            Map<String, Long> retryAfters = journal.stream().filter(e -> e.status() == 429)
                    .collect(Collectors.groupingBy(e -> (RequestJournal.PER_ISSUE.equals(e.reason()) ? "per-issue "
                            : "site ") + e.retryAfter() + " s", java.util.TreeMap::new, Collectors.counting()));
            RequestJournal.Gap siteTightest = RequestJournal.Report.tightest(report.siteGaps());
            RequestJournal.Gap issueTightest = RequestJournal.Report.tightest(report.issueGaps());
            LOG.info(String.format("rate: %d replicas, %d Jira requests in %.1f s (%d of the workers), %d tickets during the "
                    + "%d s storm, all %d linked after %.1f s; 429s: %d site-wide, %d per-issue (by Retry-After: %s); "
                    + "hot issues: %d writes in %.1f s, ended %s (asked %s/%s); smallest gap after a site-wide 429: %s; "
                    + "after a per-issue 429: %s; gaps shorter than Retry-After - %d ms: %d (by send time; %d arrivals after "
                    + "a 429's answer were sent before it or within %d ms of it, in flight, the latest %d ms after "
                    + "it; requests took %d ms from send to arrival at the median, %d ms at p90); tasks %s; sync log %s; "
                    + "%d issues, %d distinct markers; problems %s %s", REPLICAS, journal.size(), seconds, report.requests(),
                    duringStorm, 2 * STRETCH_SECONDS, linked, creationSeconds, report.siteLimits(),
                    report.issueLimits(), retryAfters, hotWrites, burstSeconds, hotEnds, wantedStatus, wantedAccount,
                    siteTightest, issueTightest, GRACE_MILLIS, report.violations().size(), report.inFlight(), READ_MILLIS,
                    report.latestUnreadMillis(), travelMedian, travelP90, tasks, outcomes,
                    check.issues(), check.markers(), check.problems(), hotProblems));

            assertTrue(check.holds(), String.join("\n", check.problems()));
            assertEquals(FINGERPRINTS, check.issues());
            assertTrue(settled, "tasks still pending or running: " + tasks);
            tasks.forEach((kindAndState, count) -> assertTrue(kindAndState.endsWith(" done"),
                    count + " tasks " + kindAndState + ": every task must end done"));
            assertTrue(hotProblems.isEmpty(), String.join("\n", hotProblems));
            assertTrue(report.siteLimits() > 0 && report.issueLimits() > 0, "the storm needs both kinds of 429: "
                    + report.siteLimits() + " site-wide, " + report.issueLimits() + " per-issue");
            assertEquals(0, journal.stream().filter(e -> BOT.equals(e.user()) && e.sentAt() == null).count(),
                    "every request of the worker says when it was sent (X-Jira-Sync-Sent-At)");
            assertTrue(report.violations().isEmpty(), report.violations().size() + " requests were sent sooner than the "
                    + "Retry-After of a 429 of their scope:\n" + report.violations().stream().limit(20)
                            .map(RequestJournal.Gap::toString).collect(Collectors.joining("\n")));
        }
    }

    /** The Jira key of each fingerprint. */
    private static Map<String, String> keys(Cluster cluster, List<String> fingerprints) throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        try (Connection c = cluster.connect();
                PreparedStatement s = c.prepareStatement(
                        "select jira_issue_key from fingerprint where project = ? and fingerprint = ?")) {
            for (String fp : fingerprints) {
                s.setString(1, PROJECT);
                s.setString(2, fp);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    keys.put(fp, r.getString(1));
                }
            }
        }
        return keys;
    }

    /** Waits until no task of the project is pending or running (twice in a row); false when time is up. */
    private static boolean awaitSettled(Cluster cluster, long timeoutMillis) throws Exception {
        // Settled: no open task for half a second in a row (a PATCH's tasks may still be on their way in).
        return Waits.settles(Duration.ofMillis(timeoutMillis), Duration.ofMillis(250), Duration.ofMillis(500),
                () -> cluster.queryLong("select count(*) from sync_task where project = '" + PROJECT
                        + "' and state in ('pending', 'running')") == 0);
    }

    /** An issue's status and assignee, read through Jira's API as the bot. */
    private static JsonNode issue(Cluster.Node jira, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(jira.url() + "/sandbox/jira/rest/api/3/issue/" + key
                + "?fields=status,assignee")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (BOT + ":sandbox-api-token").getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
