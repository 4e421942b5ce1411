package io.jirasync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Replicas: three worker processes on one database and one Jira credential create 300 tickets. No duplicates,
 * every replica does part of the work, and Jira never sees more than the budget they share through PostgreSQL.
 */
class ReplicasReliabilityIT {

    private static final Logger LOG = Logger.getLogger(ReplicasReliabilityIT.class.getName());
    private static final int FINGERPRINTS = 300;
    private static final int REPLICAS = 3;
    private static final int BUDGET = 10;

    @Test
    void threeReplicasShareTheWorkAndTheBudgetWithoutDuplicates() throws Exception {
        try (Cluster cluster = new Cluster(Cluster.benchDatabaseUrl(), Path.of("target/reliability/replicas"))) {
            cluster.resetDatabase();
            Cluster.Node jira = cluster.jira(Map.of()).start();
            // Jira enforces the same budget the workers are given: any excess shows up as a 429.
            cluster.sandbox(jira, "{\"requestsPerSecond\": " + BUDGET + "}");
            List<Cluster.Node> workers = new ArrayList<>();
            for (int i = 1; i <= REPLICAS; i++) {
                workers.add(cluster.worker("worker-" + i, BUDGET, Map.of()).start());
            }
            cluster.integration(workers.get(0), "replicas", jira, "");
            List<String> fingerprints = Tickets.fingerprints("replica-", FINGERPRINTS);
            long began = System.currentTimeMillis();
            long linked;
            long peak;
            try (RateSampler rate = new RateSampler(cluster, jira)) {
                cluster.ingest(workers.get(1), "replicas", fingerprints);
                linked = Tickets.awaitLinked(cluster, "replicas", FINGERPRINTS, 240_000);
                peak = rate.peakPerSecond();
            }
            double seconds = (System.currentTimeMillis() - began) / 1000.0;
            Thread.sleep(3000);
            JsonNode counters = cluster.counters(jira); // before the check's own searches
            Tickets.Check check = Tickets.exactlyOnePerFingerprint(cluster, jira, "replicas", fingerprints);
            Map<String, Long> byWorker = cluster.queryCounts("select claimed_by, count(*) from sync_task "
                    + "where project = 'replicas' and kind = 'create' and state = 'done' group by claimed_by order by 1");
            long requests = counters.path("total").asLong();
            long tooMany = counters.path("statuses").path("429").asLong();
            LOG.info(String.format("replicas: %d workers, budget %d/s shared; %d fingerprints linked in %.1f s "
                    + "(%.1f tickets/s); creates per worker %s; Jira: %d requests (%.2f per ticket), peak %d "
                    + "requests in one second, %d answered 429, statuses %s; %d issues, %d distinct markers; "
                    + "problems %s", REPLICAS, BUDGET, linked, seconds, linked / seconds, byWorker.values(),
                    requests, requests / (double) Math.max(1, linked), peak, tooMany, counters.path("statuses"),
                    check.issues(), check.markers(), check.problems()));
            assertTrue(check.holds(), String.join("\n", check.problems()));
            assertEquals(FINGERPRINTS, check.issues());
            assertEquals(REPLICAS, byWorker.size(), "not every replica created tickets: " + byWorker);
            assertEquals(0, tooMany, "Jira answered 429: the replicas went over their shared budget");
        }
    }
}
