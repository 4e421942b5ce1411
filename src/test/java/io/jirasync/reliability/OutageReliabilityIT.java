package io.jirasync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Outage: while the worker creates 300 tickets, Jira refuses connections, then answers 503 with Retry-After, then
 * comes back. Nothing is lost or doubled, the sync log shows the retries, and creation resumes within one backoff
 * period of Jira's return.
 */
class OutageReliabilityIT {

    private static final Logger LOG = Logger.getLogger(OutageReliabilityIT.class.getName());
    private static final int FINGERPRINTS = 300;
    private static final int BUDGET = 10;
    private static final long BACKOFF_MAX_SECONDS = 10;
    private static final long BREAKER_DELAY_SECONDS = 5;

    @Test
    void nothingIsLostOrDoubledAndCreationResumesAfterJiraReturns() throws Exception {
        // Seconds of each phase; the issue's two minutes in all with -Dreliability.outage.seconds=60.
        int phase = Integer.getInteger("reliability.outage.seconds", 30);
        try (Cluster cluster = new Cluster(Cluster.benchDatabaseUrl(), Path.of("target/reliability/outage"))) {
            cluster.resetDatabase();
            Cluster.Node jira = cluster.jira(Map.of()).start();
            cluster.sandbox(jira, "{\"requestsPerSecond\": " + BUDGET + "}");
            try (Gate gate = new Gate(jira.port)) {
                Cluster.Node worker = cluster.worker("worker", BUDGET, Map.of(
                        "JIRA_SYNC_DISPATCH_BACKOFF_MAX", BACKOFF_MAX_SECONDS + "s",
                        "JIRA_SYNC_JIRA_CIRCUIT_BREAKER_DELAY", BREAKER_DELAY_SECONDS + "s")).start();
                cluster.integration(worker, "outage", gate.url(), "");
                List<String> fingerprints = Tickets.fingerprints("outage-", FINGERPRINTS);
                cluster.ingest(worker, "outage", fingerprints);
                Waits.until(Duration.ofMinutes(2), Duration.ofMillis(100), () -> cluster.sandboxIssueCount(jira) >= 50);

                long beforeOutage = cluster.sandboxIssueCount(jira);
                gate.shut();
                Thread.sleep(phase * 1000L);
                long afterRefused = cluster.sandboxIssueCount(jira);
                cluster.sandbox(jira,
                        "{\"failForSeconds\": " + phase + ", \"failureStatus\": 503, \"retryAfterSeconds\": " + phase + "}");
                gate.open();
                Thread.sleep(phase * 1000L);
                long back = System.nanoTime();
                long atReturn = cluster.sandboxIssueCount(jira);
                long resumedMillis = -1;
                if (Waits.until(Duration.ofMinutes(2), Duration.ofMillis(50),
                        () -> cluster.sandboxIssueCount(jira) > atReturn)) {
                    resumedMillis = (System.nanoTime() - back) / 1_000_000;
                }
                long linked = Tickets.awaitLinked(cluster, "outage", FINGERPRINTS, 240_000);
                double drained = (System.nanoTime() - back) / 1e9;
                Thread.sleep(3000);
                Tickets.Check check = Tickets.exactlyOnePerFingerprint(cluster, jira, "outage", fingerprints);
                JsonNode counters = cluster.counters(jira);
                Map<String, Long> log = cluster.queryCounts("select outcome, count(*) from sync_log "
                        + "where project = 'outage' group by 1 order by 1");
                long failed = cluster.queryLong("select count(*) from sync_task where project = 'outage' and state = 'failed'");
                LOG.info(String.format("outage: %d tickets before, %d s connection refused (%d tickets meanwhile), %d s "
                        + "503 with Retry-After (%d tickets meanwhile); first ticket %d ms after Jira returned, all %d "
                        + "linked %.1f s after; sync log outcomes %s; failed tasks %d; Jira statuses %s; %d issues, %d "
                        + "distinct markers; problems %s", beforeOutage, phase, afterRefused - beforeOutage, phase,
                        atReturn - afterRefused, resumedMillis, linked, drained, log, failed,
                        counters.path("statuses"), check.issues(), check.markers(), check.problems()));
                assertTrue(check.holds(), String.join("\n", check.problems()));
                assertEquals(FINGERPRINTS, check.issues());
                assertEquals(0, failed, "tasks were given up during the outage");
                assertTrue(log.getOrDefault("retry", 0L) > 0, "the sync log shows no retries: " + log);
                assertTrue(resumedMillis >= 0 && resumedMillis <= (BACKOFF_MAX_SECONDS + BREAKER_DELAY_SECONDS) * 1000,
                        "creation resumed " + resumedMillis + " ms after Jira returned, more than one backoff period ("
                                + BACKOFF_MAX_SECONDS + " s) plus the breaker's trial delay (" + BREAKER_DELAY_SECONDS + " s)");
            }
        }
    }
}
