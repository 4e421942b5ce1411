package io.jirasync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown: a worker gets SIGTERM while it creates 200 tickets against a slow Jira (300 ms a request).
 * Its readiness turns DOWN before it exits, it exits within the Deployment's terminationGracePeriodSeconds, and it
 * leaves no row claimed (no task running, no lease to wait out). A second worker then finishes the work: exactly one
 * ticket per fingerprint, and exactly one create request per ticket in Jira's journal.
 */
class ShutdownReliabilityIT {

    private static final Logger LOG = Logger.getLogger(ShutdownReliabilityIT.class.getName());
    private static final int FINGERPRINTS = 200;
    private static final int BUDGET = 20;
    private static final String PROJECT = "shutdown";
    /** The Deployment's grace period: the kubelet SIGKILLs a pod that has not exited by then. */
    private static final long GRACE_SECONDS = terminationGracePeriodSeconds();

    @Test
    void sigtermMidWorkTurnsReadinessDownReleasesClaimsAndLosesNothing() throws Exception {
        try (Cluster cluster = new Cluster(Cluster.benchDatabaseUrl(), Path.of("target/reliability/shutdown"))) {
            cluster.resetDatabase();
            Cluster.Node jira = cluster.jira(Map.of()).start();
            cluster.sandbox(jira, "{\"requestsPerSecond\": " + BUDGET + ", \"latencyMillis\": 300}");
            // A lease far longer than the test: a claim left behind would hold its ticket back visibly.
            Map<String, String> settings = Map.of("JIRA_SYNC_DISPATCH_LEASE", "600s", "JIRA_SYNC_INBOUND_LEASE", "600s",
                    "JIRA_SYNC_DISPATCH_CONCURRENCY", "4");
            Cluster.Node first = cluster.worker("first", BUDGET, settings).start();
            cluster.integration(first, PROJECT, jira, "");
            List<String> fingerprints = Tickets.fingerprints("shutdown-", FINGERPRINTS);
            cluster.ingest(first, PROJECT, fingerprints);
            String linked = "select count(*) from fingerprint where project = '" + PROJECT + "' and jira_issue_key is not null";
            String running = "select count(*) from sync_task where project = '" + PROJECT + "' and state = 'running'";
            assertTrue(Waits.until(Duration.ofMinutes(3), Duration.ofMillis(50),
                    () -> cluster.queryLong(linked) >= FINGERPRINTS / 5 && cluster.queryLong(running) > 0),
                    "the first worker never got going");

            long linkedAtTerm = cluster.queryLong(linked);
            long inFlight = cluster.queryLong(running);
            long term = System.nanoTime();
            first.terminate();
            long readyDown = -1;
            List<Integer> seen = new ArrayList<>();
            while (!first.exited(50)) {
                int status = readiness(cluster, first);
                if (seen.isEmpty() || seen.get(seen.size() - 1) != status) {
                    seen.add(status);
                }
                if (status == 503 && readyDown < 0) {
                    readyDown = (System.nanoTime() - term) / 1_000_000;
                }
                assertTrue((System.nanoTime() - term) / 1_000_000_000 < GRACE_SECONDS + 30,
                        "the worker is still running long after its grace period");
            }
            long exit = (System.nanoTime() - term) / 1_000_000;
            long linkedAtExit = cluster.queryLong(linked);
            long leftRunning = cluster.queryLong(running);
            long leased = cluster.queryLong("select count(*) from sync_task where project = '" + PROJECT
                    + "' and lease_until is not null");

            long restart = System.nanoTime();
            Cluster.Node second = cluster.worker("second", BUDGET, settings).start();
            long all = Tickets.awaitLinked(cluster, PROJECT, FINGERPRINTS, 240_000);
            double finish = (System.nanoTime() - restart) / 1e9;
            Thread.sleep(3000); // a straggling duplicate would show up now
            List<RequestJournal.Entry> journal = RequestJournal.fetch(cluster, jira);
            long creates = journal.stream()
                    .filter(e -> "POST".equals(e.method()) && e.path().endsWith("/rest/api/3/issue")).count();
            Tickets.Check check = Tickets.exactlyOnePerFingerprint(cluster, jira, PROJECT, fingerprints);
            second.stop();
            LOG.info(String.format("shutdown: SIGTERM with %d of %d tickets linked and %d tasks running; readiness "
                    + "statuses seen %s, DOWN after %d ms; exited after %d ms (code %d, grace %d s) with %d linked, "
                    + "%d tasks left running, %d leases left; the second worker linked the rest (%d in all) in %.1f s; "
                    + "Jira holds %d issues, %d distinct markers, %d create requests; duplicates %d; problems %s",
                    linkedAtTerm, FINGERPRINTS, inFlight, seen, readyDown, exit, first.exitCode(), GRACE_SECONDS,
                    linkedAtExit, leftRunning, leased, all, finish, check.issues(), check.markers(), creates,
                    check.issues() - check.markers(), check.problems()));
            assertTrue(readyDown >= 0, "readiness never answered 503 between SIGTERM and exit: " + seen);
            assertTrue(exit < GRACE_SECONDS * 1000, "exit after " + exit + " ms, beyond the grace period");
            assertEquals(0, leftRunning, "tasks still claimed by the stopped worker");
            assertEquals(0, leased, "leases left behind by the stopped worker");
            assertTrue(check.holds(), String.join("\n", check.problems()));
            assertEquals(FINGERPRINTS, check.issues());
            assertEquals(FINGERPRINTS, creates, "create requests in Jira's journal");
        }
    }

    /** The readiness status; 0 when the management interface no longer answers. */
    private static int readiness(Cluster cluster, Cluster.Node worker) throws InterruptedException {
        try {
            HttpResponse<String> r = cluster.call("GET", worker.managementUrl() + "/q/health/ready", null, null);
            return r.statusCode();
        } catch (IOException closed) {
            return 0;
        }
    }

    private static long terminationGracePeriodSeconds() {
        try {
            Matcher m = Pattern.compile("terminationGracePeriodSeconds: (\\d+)")
                    .matcher(Files.readString(Path.of("deployment/kubernetes/base/deployment.yaml")));
            return m.find() ? Long.parseLong(m.group(1)) : 30;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
