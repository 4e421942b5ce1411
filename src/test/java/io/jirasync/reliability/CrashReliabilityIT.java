package io.jirasync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

/**
 * Crash: the worker process is SIGKILLed at random moments while it creates 300 tickets, and restarted each time.
 * Afterwards Jira holds exactly one ticket per fingerprint and none is missing.
 */
class CrashReliabilityIT {

    private static final Logger LOG = Logger.getLogger(CrashReliabilityIT.class.getName());
    private static final int FINGERPRINTS = 300;
    private static final int KILLS = 10;
    private static final int BUDGET = 10;

    @Test
    void killedWorkerStillOpensExactlyOneTicketPerFingerprint() throws Exception {
        long seed = Long.getLong("reliability.seed", System.currentTimeMillis());
        Random random = new Random(seed);
        try (Cluster cluster = new Cluster(Cluster.benchDatabaseUrl(), Path.of("target/reliability/crash"))) {
            cluster.resetDatabase();
            Cluster.Node jira = cluster.jira(Map.of()).start();
            cluster.sandbox(jira, "{\"requestsPerSecond\": " + BUDGET + "}");
            Cluster.Node worker = cluster.worker("worker", BUDGET, Map.of()).start();
            cluster.integration(worker, "crash", jira, "");
            List<String> fingerprints = Tickets.fingerprints("crash-", FINGERPRINTS);
            cluster.ingest(worker, "crash", fingerprints);
            long began = System.currentTimeMillis();
            while (cluster.sandboxIssueCount(jira) == 0 && System.currentTimeMillis() - began < 60_000) {
                Thread.sleep(100);
            }

            List<String> kills = new ArrayList<>();
            for (int k = 0; k < KILLS; k++) {
                Thread.sleep(500 + random.nextInt(3500));
                long before = cluster.sandboxIssueCount(jira);
                if (before >= FINGERPRINTS) {
                    break;
                }
                worker.kill();
                kills.add(before + " tickets");
                worker.start();
            }
            long linked = Tickets.awaitLinked(cluster, "crash", FINGERPRINTS, 300_000);
            double seconds = (System.currentTimeMillis() - began) / 1000.0;
            Thread.sleep(3000); // a straggling duplicate would show up now
            Tickets.Check check = Tickets.exactlyOnePerFingerprint(cluster, jira, "crash", fingerprints);
            var counters = cluster.counters(jira);
            long adopted = cluster.queryLong("select count(*) from sync_log where project = 'crash' and message like 'Adopted%'");
            LOG.info(String.format("crash: seed %d, %d SIGKILLs (at %s), %d fingerprints linked in %.1f s; Jira holds "
                    + "%d issues with %d distinct markers; %d tickets adopted after a lost outcome; %d Jira requests "
                    + "(%s), statuses %s; worker startup %s ms; problems %s", seed, kills.size(), kills, linked,
                    seconds, check.issues(), check.markers(), adopted, counters.path("total").asLong(),
                    counters.path("requests"), counters.path("statuses"), worker.startupMillis, check.problems()));
            assertTrue(kills.size() >= 5, "only " + kills.size() + " kills happened before the work was done");
            assertTrue(check.holds(), String.join("\n", check.problems()));
            assertEquals(FINGERPRINTS, check.issues());
        }
    }
}
