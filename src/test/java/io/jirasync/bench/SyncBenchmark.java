package io.jirasync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jirasync.reliability.Cluster;
import io.jirasync.reliability.Tickets;

/**
 * The sync benchmarks (src/docs/performance.md): ticket creation against the sandbox under Jira's request budget,
 * webhook intake, the rules job's selection over a million fingerprints, start-up time and resident memory. It
 * starts its own processes from the packaged jar on {@code JIRA_SYNC_BENCH_DB_URL} (default
 * {@code jirasync_bench}, which it empties). Not a test. Options as {@code --name value}: budgets (comma list,
 * default 10,50,100), factors (the worker's budget as multiples of B, default 1,2), seconds (of creation per run, default 20),
 * webhook-clients (8), webhook-seconds (20),
 * webhook-rate (deliveries/s of the delivery-to-applied run, 75), fingerprints (rules selection, default 1000000),
 * workers (creating replicas, default 1), concurrency (each creating worker's {@code jira-sync.dispatch.concurrency},
 * default its own default), skip (comma list of creation, ingest, webhooks, rules).
 */
public final class SyncBenchmark {

    private static final Logger LOG;

    static {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%5$s%n");
        LOG = Logger.getLogger(SyncBenchmark.class.getName());
    }

    private static final String WEBHOOK_SECRET = "bench-webhook-secret";
    /** Fingerprints linked to sandbox tickets for the delivery-to-applied run. */
    private static final int LINKED_ISSUES = 200;
    /** Seconds of deliveries at the same rate before the delivery-to-applied run (not measured). */
    private static final int WARMUP_SECONDS = 10;
    /**
     * The settings that {@link Cluster#worker} shortens for the reliability runs and that bear on throughput, put
     * back to the product's defaults for the runs that measure it "on defaults": tasks claimed per round (the
     * harness: 10) and the database pool (the harness: 6).
     */
    static final Map<String, String> PRODUCT_DEFAULTS = Map.of("JIRA_SYNC_DISPATCH_BATCH_SIZE", "50",
            "QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "20");

    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        List<Integer> budgets = Arrays.stream(options.getOrDefault("budgets", "10,50,100").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int clients = Integer.parseInt(options.getOrDefault("webhook-clients", "8"));
        int webhookSeconds = Integer.parseInt(options.getOrDefault("webhook-seconds", "20"));
        int webhookRate = Integer.parseInt(options.getOrDefault("webhook-rate", "75"));
        int ruleFingerprints = Integer.parseInt(options.getOrDefault("fingerprints", "1000000"));
        int workers = Integer.parseInt(options.getOrDefault("workers", "1"));
        List<Integer> factors = Arrays.stream(options.getOrDefault("factors", "1,2").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Map<String, String> creatorEnv = new java.util.HashMap<>(PRODUCT_DEFAULTS);
        if (options.containsKey("concurrency")) {
            creatorEnv.put("JIRA_SYNC_DISPATCH_CONCURRENCY", options.get("concurrency"));
        }
        List<String> skip = Arrays.asList(options.getOrDefault("skip", "").split(","));
        List<String> table = new ArrayList<>();

        try (Cluster cluster = new Cluster(Cluster.benchDatabaseUrl(), Path.of("target/bench"))) {
            cluster.resetDatabase();
            Cluster.Node jira = cluster.jira(Map.of()).start();
            List<Cluster.Node> creators = new ArrayList<>();
            if (!skip.contains("creation")) {
                table.add("| ticket creation | sandbox budget B | worker budget (" + workers + " worker"
                        + (workers > 1 ? "s" : "") + (!options.containsKey("concurrency") ? ""
                                : ", concurrency "
                                        + options.get("concurrency"))
                        + ") | tickets | tickets/s | ÷ B "
                        + "| Jira requests per ticket | 429s | duplicates |");
                table.add("|---|---|---|---|---|---|---|---|---|");
                for (int b : budgets) {
                    for (int factor : factors) {
                        creation(cluster, jira, b, b * factor, workers, creatorEnv, seconds, table, creators);
                    }
                }
            }
            if (!skip.contains("bulk")) {
                // Only the bulk edit's worker may read the inbox and spend the budget while it runs.
                for (Cluster.Node node : creators) {
                    node.stop();
                }
                creators.clear();
                BulkEditBenchmark.run(cluster, jira, Integer.parseInt(options.getOrDefault("bulk-budget", "10")), table);
            }
            if (!skip.contains("ingest")) {
                if (creators.isEmpty()) {
                    creators.add(cluster.worker("worker", 10, Map.of()).start());
                }
                Cluster.Node node = creators.get(0);
                IngestBenchmark.Result r = IngestBenchmark.run(node.url(), Cluster.TRACKER, "ingest", 8, 500, 1000, 5,
                        5, 20);
                table.add("");
                table.add("| ingest (8 clients, batches of 500 events, 1,000 fingerprints, 5 attributes) | events "
                        + "accepted | accepted/s | batch p50 | batch p99 | refused | counted | counted end to end/s |");
                table.add("|---|---|---|---|---|---|---|---|");
                table.add(String.format(
                        "| 5 s warm-up, 20 s measured | %d | %.0f | %d ms | %d ms | %d | %d of %d (%.1f s after "
                                + "the last request) | %.0f |",
                        r.events(), r.acceptedPerSecond(), r.p50Millis(),
                        r.p99Millis(), r.failures(), r.counted(), r.accepted(), r.countedAfterSeconds(),
                        r.endToEndPerSecond()));
            }
            if (!skip.contains("webhooks")) {
                for (Cluster.Node node : creators) {
                    node.stop();
                }
                creators.clear();
                table.add("");
                appliedLatency(cluster, jira, webhookRate, webhookSeconds, table);
            }
            Cluster.Node last = creators.isEmpty() ? cluster.worker("worker", 10, Map.of()).start() : creators.get(0);
            cluster.integration(last, "hooks", jira, ", \"webhookSecret\": \"" + WEBHOOK_SECRET + "\"");
            if (!skip.contains("webhooks")) {
                webhooks(cluster, last, clients, webhookSeconds, table);
            }
            if (!skip.contains("sentry")) {
                SentryIntakeBenchmark.run(cluster, last, jira,
                        Integer.parseInt(options.getOrDefault("sentry-clients", "8")), webhookSeconds, table);
            }
            if (!skip.contains("rules")) {
                table.add("");
                rules(cluster, ruleFingerprints, table);
            }
            table.add("");
            table.add(String.format("start-up to ready (packaged JVM jar, prod profile, migrated database): worker "
                    + "%s ms, jira process %s ms; resident memory after the run: worker %d MiB, jira process %d MiB",
                    last.startupMillis, jira.startupMillis, last.rssMiB(), jira.rssMiB()));
        }
        LOG.info(String.join("\n", table));
    }

    /** One creation run: a fresh worker with the given budget, as many fingerprints as B allows in the time. */
    private static void creation(Cluster cluster, Cluster.Node jira, int sandboxBudget, int workerBudget,
            int workers, Map<String, String> creatorEnv, int seconds, List<String> table, List<Cluster.Node> previous)
            throws Exception {
        for (Cluster.Node node : previous) {
            node.stop();
        }
        previous.clear();
        cluster.call("POST", jira.url() + "/sandbox/jira/_control/reset", null, null);
        cluster.sandbox(jira, "{\"requestsPerSecond\": " + sandboxBudget + "}");
        String project = "create-" + sandboxBudget + "-" + workerBudget;
        Cluster.Node worker = cluster.worker(project, workerBudget, creatorEnv).start();
        previous.add(worker);
        for (int i = 2; i <= workers; i++) {
            previous.add(cluster.worker(project + "-" + i, workerBudget, creatorEnv).start());
        }
        cluster.integration(worker, project, jira, "");
        int count = sandboxBudget * seconds;
        List<String> fingerprints = Tickets.fingerprints(project + "-", count);
        cluster.ingest(worker, project, fingerprints);
        // Steady state: from the first ticket Jira holds to the last (start-up and the rules job's first pass
        // are the fixed costs of a run, not the rate).
        long first = 0;
        long lastSeen = 0;
        long deadline = System.currentTimeMillis() + Math.max(120_000, seconds * 10_000L);
        while (System.currentTimeMillis() < deadline) {
            long issues = cluster.sandboxIssueCount(jira);
            if (issues > 0 && first == 0) {
                first = System.nanoTime();
            }
            if (issues >= count) {
                lastSeen = System.nanoTime();
                break;
            }
            Thread.sleep(20);
        }
        Tickets.awaitLinked(cluster, project, count, 60_000);
        JsonNode counters = cluster.counters(jira); // before the check's own searches
        Tickets.Check check = Tickets.exactlyOnePerFingerprint(cluster, jira, project, fingerprints);
        double rate = lastSeen == 0 ? 0 : (count - 1) / ((lastSeen - first) / 1e9);
        long duplicates = check.issues() - check.markers();
        table.add(String.format("| | %d/s | %d/s | %d | %.1f | %.2f | %.2f | %d | %d%s |", sandboxBudget,
                workerBudget, check.issues(), rate, rate / sandboxBudget,
                counters.path("total").asLong() / (double) Math.max(1, check.issues()),
                counters.path("statuses").path("429").asLong(), duplicates,
                check.holds() ? "" : " (" + check.problems().size() + " problems, first: " + check.problems().get(0) + ")"));
        LOG.info(table.get(table.size() - 1));
    }

    /**
     * Signed deliveries from several clients, each with its own identifier, time and changelog id (a body seen
     * before is a duplicate, and one older than the replay window is ignored), for a fixed time.
     */
    private static void webhooks(Cluster cluster, Cluster.Node worker, int clients, int seconds, List<String> table)
            throws Exception {
        ObjectNode template = JiraDeliveries.template();
        URI target = URI.create(worker.url() + "/webhooks/jira/hooks");
        AtomicLong ids = new AtomicLong();
        ClosedLoop.Result loop = ClosedLoop.run(clients, 5, seconds, (http, client, n) -> {
            long id = ids.incrementAndGet();
            byte[] bytes = JiraDeliveries.body(template, null, null, Long.toString(id));
            HttpRequest request = JiraDeliveries.request(target, bytes, "bench-" + id, WEBHOOK_SECRET);
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 202;
        });
        long stored = cluster.queryLong("select count(*) from webhook_inbox where project = 'hooks'");
        table.add("");
        table.add("| webhook intake | clients | deliveries | deliveries/s | p50 | p99 | refused | stored in the inbox |");
        table.add("|---|---|---|---|---|---|---|---|");
        table.add(String.format("| signed (HMAC-SHA256), %d KB body | %d | %d in %.0f s | %.0f | %.1f ms | %.1f ms | %d | %d |",
                JiraDeliveries.body(template, null, null, "0").length / 1024, clients, loop.sortedNanos().length,
                loop.seconds(), loop.perSecond(),
                loop.percentileMillis(50), loop.percentileMillis(99), loop.refused(), stored));
        LOG.info(table.get(table.size() - 1));
    }

    /**
     * Delivery to applied: a worker whose Jira budget allows the inbox processor's reads (300/s) links
     * {@code LINKED_ISSUES} fingerprints to sandbox tickets; after a warm-up of {@code WARMUP_SECONDS} at the same
     * rate, applied before the run starts, signed {@code jira:issue_updated} deliveries
     * (the recorded 9 KB one, each naming one of those issues in turn, with its own identifier and a current
     * timestamp) are sent at a steady {@code rate} for {@code seconds}, each without waiting for the previous
     * answer. The latency of each is from the moment it is sent to its {@code webhook_inbox.processed_at} (the
     * applying transaction's time). Jira's state of the issues does not change, so each is applied as a newer
     * delivery of an unchanged issue: the full path (the GET, the watermark, the sync log), no tracker notice.
     */
    private static void appliedLatency(Cluster cluster, Cluster.Node jira, int rate, int seconds, List<String> table)
            throws Exception {
        Cluster.Node worker = cluster.worker("inbox", 300, Map.of()).start();
        try {
            String project = "linked";
            cluster.integration(worker, project, jira, ", \"webhookSecret\": \"" + WEBHOOK_SECRET + "\"");
            List<String> fingerprints = Tickets.fingerprints("applied-", LINKED_ISSUES);
            cluster.ingest(worker, project, fingerprints);
            if (Tickets.awaitLinked(cluster, project, LINKED_ISSUES, 120_000) < LINKED_ISSUES) {
                throw new IllegalStateException("the fingerprints of " + project + " were not linked within 120 s");
            }
            Map<String, String> issues = cluster.queryStrings("select jira_issue_id, jira_issue_key from fingerprint "
                    + "where project = '" + project + "' order by id");
            List<Map.Entry<String, String>> targets = new ArrayList<>(issues.entrySet());
            ObjectNode template = JiraDeliveries.template();
            URI target = URI.create(worker.url() + "/webhooks/jira/" + project);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int count = rate * seconds;
            Map<String, Instant> sent = new ConcurrentHashMap<>();
            AtomicLong refused = new AtomicLong();
            // Warm-up: the worker's JIT, connections and caches, then an empty inbox before the measured run.
            steady(http, target, template, targets, rate, rate * WARMUP_SECONDS, "warm-", new ConcurrentHashMap<>(),
                    new AtomicLong());
            awaitProcessed(cluster, project);
            double elapsed = steady(http, target, template, targets, rate, count, "applied-", sent, refused);
            awaitProcessed(cluster, project);
            List<Long> latencies = new ArrayList<>();
            Map<String, Long> states = new java.util.TreeMap<>();
            try (Connection c = cluster.connect();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select dedupe_key, state, processed_at from webhook_inbox "
                            + "where project = '" + project + "' and dedupe_key like 'id:applied-%'")) {
                while (r.next()) {
                    states.merge(r.getString(2), 1L, Long::sum);
                    Instant from = sent.get(r.getString(1));
                    java.sql.Timestamp at = r.getTimestamp(3);
                    if (from != null && at != null) {
                        latencies.add(Duration.between(from, at.toInstant()).toNanos());
                    }
                }
            }
            long[] all = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            table.add("| delivery to applied | linked issues | deliveries | deliveries/s | p50 | p95 | max | refused "
                    + "| inbox states |");
            table.add("|---|---|---|---|---|---|---|---|---|");
            table.add(String.format("| signed, 9 KB, steady rate, worker budget 300/s | %d | %d in %.0f s | %.0f | %.0f ms "
                    + "| %.0f ms | %.0f ms | %d | %s |", LINKED_ISSUES, count, elapsed, count / elapsed,
                    percentile(all, 50), percentile(all, 95), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                    refused.get(), states));
            LOG.info(table.get(table.size() - 1));
        } finally {
            worker.stop();
        }
    }

    /**
     * Sends {@code count} deliveries at a steady {@code rate}, each naming the next of {@code targets}, without
     * waiting for the answers (then waits for them all); records when each was sent. Returns the seconds taken.
     */
    private static double steady(HttpClient http, URI target, ObjectNode template,
            List<Map.Entry<String, String>> targets, int rate, int count, String prefix, Map<String, Instant> sent,
            AtomicLong refused) throws Exception {
        List<CompletableFuture<?>> answers = new ArrayList<>();
        long began = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = began + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            Map.Entry<String, String> issue = targets.get(i % targets.size());
            String identifier = prefix + i;
            byte[] body = JiraDeliveries.body(template, issue.getKey(), issue.getValue(), identifier);
            HttpRequest request = JiraDeliveries.request(target, body, identifier, WEBHOOK_SECRET);
            sent.put("id:" + identifier, Instant.now());
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                if (r.statusCode() != 202 || !r.body().contains("stored")) {
                    refused.incrementAndGet();
                }
            }));
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return elapsed;
    }

    /** Waits (at most 5 minutes) until no delivery of the project is pending. */
    private static void awaitProcessed(Cluster cluster, String project) throws Exception {
        long deadline = System.currentTimeMillis() + 300_000;
        while (cluster.queryLong("select count(*) from webhook_inbox where project = '" + project
                + "' and state = 'pending'") > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }

    /**
     * The rules job's selection (the query of {@code FingerprintRepository.eligible}) over a million fingerprints
     * bulk-inserted with SQL: a full first pass where all are eligible, then the steady state where all but the
     * last batch already have a ticket.
     */
    private static void rules(Cluster cluster, int count, List<String> table) throws Exception {
        String select = "select id, fingerprint from fingerprint where project = ? and state in ('open') "
                + "and event_count >= 1 and id > ? and jira_issue_key is null order by id offset 0 rows fetch first 500 rows only";
        try (Connection c = cluster.connect(); Statement s = c.createStatement()) {
            long began = System.nanoTime();
            s.execute("delete from fingerprint where project = 'rules-bench'");
            s.execute("insert into fingerprint (project, fingerprint, title, first_seen, last_seen, event_count) "
                    + "select 'rules-bench', 'fp-' || g, 'Error ' || g, now(), now(), 1 + g % 10 "
                    + "from generate_series(1, " + count + ") g");
            s.execute("analyze fingerprint");
            double insert = (System.nanoTime() - began) / 1e9;
            long[] firstPass = pass(c, select);
            s.execute("update fingerprint set jira_issue_id = id::text, jira_issue_key = 'DEMO-' || id "
                    + "where project = 'rules-bench' and id <= (select max(id) - 500 from fingerprint where project = 'rules-bench')");
            s.execute("vacuum analyze fingerprint");
            long[] steady = pass(c, select);
            table.add("| rules selection over " + count + " fingerprints (inserted in " + String.format("%.1f", insert)
                    + " s) | batches | p50 | p99 | max | whole pass |");
            table.add("|---|---|---|---|---|---|");
            table.add(row("all eligible (first pass)", firstPass));
            table.add(row("all linked but the last 500 (steady state)", steady));
            s.execute("delete from fingerprint where project = 'rules-bench'");
        }
    }

    private static String row(String what, long[] nanos) {
        long total = Arrays.stream(nanos).sum();
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.0f ms |", what, sorted.length,
                percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6, total / 1e6);
    }

    /** Every batch of one pass over the project, keyset by id as the rules job does; each batch's time. */
    private static long[] pass(Connection c, String select) throws Exception {
        List<Long> times = new ArrayList<>();
        long after = 0;
        try (PreparedStatement p = c.prepareStatement(select)) {
            while (true) {
                p.setString(1, "rules-bench");
                p.setLong(2, after);
                long start = System.nanoTime();
                int rows = 0;
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        after = r.getLong(1);
                        rows++;
                    }
                }
                times.add(System.nanoTime() - start);
                if (rows < 500) {
                    break;
                }
            }
        }
        return times.stream().mapToLong(Long::longValue).toArray();
    }

    private static double percentile(long[] sorted, int p) {
        return BenchOptions.percentileMillis(sorted, p);
    }
}
