package io.jirasync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Crash: the worker process is SIGKILLed at 10 random points of the work while it creates 500 tickets and while Jira delivers
 * 500 webhooks about changes a person makes to those tickets; it is restarted each time. Jira (the sandbox) retries
 * a delivery that got no 2xx, as Jira does. Afterwards Jira holds exactly one ticket per fingerprint, every delivery
 * was stored and applied exactly once, and every fingerprint shows what its ticket shows.
 */
class CrashReliabilityIT {

    private static final Logger LOG = Logger.getLogger(CrashReliabilityIT.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FINGERPRINTS = 500;
    private static final int KILLS = 10;
    /** Units of work: a ticket linked, a delivery applied. */
    private static final int WORK = 2 * FINGERPRINTS;
    private static final int BUDGET = 20;
    private static final String ANA = "5d53f3cbc6b9320d9ea5bdc2";
    private static final String SECRET = "crash-webhook-secret";

    @Test
    void killedWorkerOpensExactlyOneTicketPerFingerprintAndAppliesEveryDeliveryOnce() throws Exception {
        long seed = Long.getLong("reliability.seed", System.currentTimeMillis());
        Random random = new Random(seed);
        ExecutorService person = Executors.newSingleThreadExecutor();
        try (Cluster cluster = new Cluster(Cluster.benchDatabaseUrl(), Path.of("target/reliability/crash"))) {
            cluster.resetDatabase();
            // Jira gives up on a delivery only after 12 attempts (0.5 s doubling: ~17 min), longer than any restart.
            Cluster.Node jira = cluster.jira(Map.of("JIRA_SYNC_SANDBOX_WEBHOOKS_MAX_ATTEMPTS", "12")).start();
            cluster.sandbox(jira, "{\"requestsPerSecond\": " + BUDGET + "}");
            Cluster.Node worker = cluster.worker("worker", BUDGET, Map.of()).start();
            cluster.integration(worker, "crash", jira, """
                    , "webhookSecret": "%s",
                      "sync": {"outbound": {"state": true, "assignee": true},
                               "inbound": {"state": true, "assignee": true, "fixVersion": true}}""".formatted(SECRET));
            cluster.call("POST", jira.url() + "/sandbox/jira/_control/webhooks", null, JSON.writeValueAsString(Map.of(
                    "url", worker.url() + "/webhooks/jira/crash", "secret", SECRET, "projects", List.of("DEMO"))));
            List<String> fingerprints = Tickets.fingerprints("crash-", FINGERPRINTS);
            cluster.ingest(worker, "crash", fingerprints);
            long began = System.currentTimeMillis();

            // Ana works on every ticket once, as soon as jira-sync has linked it: a third she finishes, a third she
            // starts, a third she takes. Each change is one jira:issue_updated delivery to the worker.
            Map<String, String> changes = new LinkedHashMap<>();
            Future<?> ana = person.submit(() -> {
                SandboxHuman user = new SandboxHuman(jira, "ana@example.com");
                while (changes.size() < FINGERPRINTS && System.currentTimeMillis() - began < 600_000) {
                    for (String key : linkedKeys(cluster)) {
                        if (changes.containsKey(key)) {
                            continue;
                        }
                        int n = Integer.parseInt(key.substring(key.indexOf('-') + 1));
                        switch (n % 3) {
                            case 0 -> user.transition(key, "21"); // Done
                            case 1 -> user.transition(key, "11"); // Start work: In Progress
                            default -> user.assign(key, ANA);
                        }
                        synchronized (changes) {
                            changes.put(key, n % 3 == 0 ? "resolved" : n % 3 == 1 ? "in_progress" : "open ana@example.com");
                        }
                    }
                    Thread.sleep(200);
                }
                return null;
            });
            Waits.until(Duration.ofMillis(Math.max(0, 60_000 - (System.currentTimeMillis() - began))),
                    Duration.ofMillis(100), () -> cluster.sandboxIssueCount(jira) > 0);

            // The kills fall at random points of the work (tickets linked plus deliveries applied, 1,000 in all),
            // so that each one interrupts creates and deliveries in flight however slowly the machine runs.
            int[] killAt = random.ints(KILLS, WORK / 20, WORK * 9 / 10).sorted().toArray();
            List<String> kills = new ArrayList<>();
            for (int at : killAt) {
                Waits.until(Duration.ofMinutes(5), Duration.ofMillis(50), () -> progress(cluster) >= at);
                long done = progress(cluster);
                worker.kill();
                kills.add(done + "/" + WORK);
                worker.start();
            }
            long linked = Tickets.awaitLinked(cluster, "crash", FINGERPRINTS, 300_000);
            ana.get(300, TimeUnit.SECONDS);
            List<JsonNode> deliveries = awaitDelivered(cluster, jira, 300_000);
            awaitInboxDrained(cluster, 300_000);
            double seconds = (System.currentTimeMillis() - began) / 1000.0;
            Thread.sleep(3000); // a straggling duplicate ticket or a second application would show up now

            Tickets.Check check = Tickets.exactlyOnePerFingerprint(cluster, jira, "crash", fingerprints);
            List<String> problems = new ArrayList<>(check.problems());
            Set<String> updates = new LinkedHashSet<>();
            long retried = 0;
            for (JsonNode d : deliveries) {
                if ("jira:issue_updated".equals(d.path("event").asText())) {
                    updates.add("id:" + d.path("identifier").asText());
                }
                retried += d.path("attempts").asInt() > 1 ? 1 : 0;
            }
            Map<String, Long> inboxUpdates = cluster.queryCounts("select dedupe_key || ' ' || state, count(*) "
                    + "from webhook_inbox where project = 'crash' and event_type = 'jira:issue_updated' group by 1");
            for (String dedupeKey : updates) {
                if (!Long.valueOf(1).equals(inboxUpdates.get(dedupeKey + " applied"))) {
                    problems.add("delivery " + dedupeKey + " is not stored once and applied: " + inboxUpdates.entrySet()
                            .stream().filter(e -> e.getKey().startsWith(dedupeKey)).toList());
                }
            }
            if (inboxUpdates.size() != updates.size()) {
                problems.add(inboxUpdates.size() + " update rows in the inbox for " + updates.size() + " deliveries");
            }
            // The change reaches the fingerprint once: by its delivery, or by reconciliation when that came first
            // (the delivery then finds it unchanged).
            Map<String, Long> appliedPerKey = cluster.queryCounts("select jira_key, count(*) from sync_log where "
                    + "project = 'crash' and direction = 'inbound' and outcome = 'applied' group by 1");
            synchronized (changes) {
                changes.keySet().forEach(key -> {
                    if (!Long.valueOf(1).equals(appliedPerKey.get(key))) {
                        problems.add(key + ": " + appliedPerKey.get(key) + " applied lines in the sync log, wanted 1");
                    }
                });
            }
            Map<String, Long> inboundLog = cluster.queryCounts("select action || ' ' || outcome, count(*) from sync_log "
                    + "where project = 'crash' and direction = 'inbound' group by 1 order by 1");
            Map<String, Long> shown = cluster.queryCounts("select jira_issue_key || ' ' || state || coalesce(' ' || "
                    + "assignee, ''), 1 from fingerprint where project = 'crash'");
            synchronized (changes) {
                changes.forEach((key, expected) -> {
                    if (!shown.containsKey(key + " " + expected)) {
                        problems.add(key + ": fingerprint shows " + shown.keySet().stream()
                                .filter(s -> s.startsWith(key + " ")).toList() + ", Jira shows " + expected);
                    }
                });
            }
            Map<String, Long> inboxStates = cluster.queryCounts("select event_type || ' ' || state, count(*) "
                    + "from webhook_inbox where project = 'crash' group by 1 order by 1");
            JsonNode counters = cluster.counters(jira);
            long adopted = cluster
                    .queryLong("select count(*) from sync_log where project = 'crash' and message like 'Adopted%'");
            LOG.info(String.format(
                    "crash: seed %d, %d SIGKILLs (at %s of the tickets linked + deliveries applied); %d fingerprints linked, %d changes by a person, "
                            + "%d deliveries (%d issue_updated, %d needed more than one attempt), all applied in %.1f s; Jira "
                            + "holds %d issues with %d distinct markers; %d tickets adopted after a lost outcome; inbox %s; "
                            + "%d issues with one applied sync-log line (inbound sync log %s); %d Jira requests (%s), statuses %s; worker startup %s "
                            + "ms; problems %s",
                    seed, kills.size(), kills, linked, changes.size(), deliveries.size(),
                    updates.size(), retried, seconds, check.issues(), check.markers(), adopted, inboxStates,
                    appliedPerKey.size(), inboundLog, counters.path("total").asLong(), counters.path("requests"),
                    counters.path("statuses"), worker.startupMillis, problems));
            assertEquals(KILLS, kills.size());
            assertEquals(FINGERPRINTS, check.issues());
            assertEquals(FINGERPRINTS, changes.size());
            assertEquals(FINGERPRINTS, updates.size(), "one issue_updated delivery per change");
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        } finally {
            person.shutdownNow();
        }
    }

    private static long progress(Cluster cluster) throws Exception {
        return cluster.queryLong("select (select count(*) from fingerprint where project = 'crash' and jira_issue_key "
                + "is not null) + (select count(*) from webhook_inbox where project = 'crash' and event_type = "
                + "'jira:issue_updated' and state = 'applied')");
    }

    private static List<String> linkedKeys(Cluster cluster) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection c = cluster.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select jira_issue_key from fingerprint where project = 'crash' "
                        + "and jira_issue_key is not null order by id")) {
            while (r.next()) {
                keys.add(r.getString(1));
            }
        } catch (java.sql.SQLException notMigratedYet) {
            // The worker creates the schema at its first start.
        }
        return keys;
    }

    /** Waits until Jira has no delivery still pending or retrying, and returns its delivery log. */
    private static List<JsonNode> awaitDelivered(Cluster cluster, Cluster.Node jira, long millis) throws Exception {
        AtomicReference<List<JsonNode>> all = new AtomicReference<>(List.of());
        Waits.until(Duration.ofMillis(millis), Duration.ofMillis(500), () -> {
            List<JsonNode> now = new ArrayList<>();
            JSON.readTree(cluster.call("GET", jira.url() + "/sandbox/jira/_control/deliveries", null, null).body())
                    .forEach(now::add);
            all.set(now);
            return notDelivered(now).isEmpty();
        });
        List<JsonNode> open = notDelivered(all.get());
        if (!open.isEmpty()) {
            throw new AssertionError(
                    open.size() + " deliveries not delivered: " + open.subList(0, Math.min(5, open.size())));
        }
        return all.get();
    }

    private static List<JsonNode> notDelivered(List<JsonNode> deliveries) {
        return deliveries.stream().filter(d -> !"delivered".equals(d.path("state").asText())).toList();
    }

    private static void awaitInboxDrained(Cluster cluster, long millis) throws Exception {
        if (!Waits.until(Duration.ofMillis(millis), Duration.ofMillis(500), () -> cluster
                .queryLong("select count(*) from webhook_inbox where project = 'crash' and state = 'pending'") == 0)) {
            throw new AssertionError("deliveries still pending in the inbox");
        }
    }
}
