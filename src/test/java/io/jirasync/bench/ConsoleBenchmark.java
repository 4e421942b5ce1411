package io.jirasync.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import io.jirasync.reliability.Cluster;

/**
 * The admin console's page speed with a large database: {@code --fingerprints} (100,000) fingerprints and
 * {@code --log-lines} (1,000,000) sync-log lines bulk-inserted with SQL, then each page requested
 * {@code --requests} (200) times one after another by a signed-in session after {@code --warmup} (20), against the
 * packaged worker. Prints p50, p95 and max per page, against the target of 200 ms at p95. With
 * {@code --without-console-indexes true} the indexes of migration V34 are dropped first, to show what they are for.
 */
public final class ConsoleBenchmark {

    private static final Logger LOG;

    static {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%5$s%n");
        LOG = Logger.getLogger(ConsoleBenchmark.class.getName());
    }

    static final String PROJECT = "console-bench";

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int fingerprints = Integer.parseInt(options.getOrDefault("fingerprints", "100000"));
        int lines = Integer.parseInt(options.getOrDefault("log-lines", "1000000"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "200"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "20"));
        List<String> table = new ArrayList<>();
        try (Cluster cluster = new Cluster(Cluster.benchDatabaseUrl(), Path.of("target/bench"))) {
            cluster.resetDatabase();
            Cluster.Node jira = cluster.jira(Map.of()).start();
            Cluster.Node worker = cluster.worker("worker", 10, Map.of()).start();
            cluster.integration(worker, PROJECT, jira, "");
            for (int i = 1; i <= 20; i++) {
                cluster.integration(worker, PROJECT + "-" + i, jira, ", \"rules\": {\"autoCreate\": true}");
            }
            long began = System.nanoTime();
            seed(cluster, fingerprints, lines);
            if (options.containsKey("without-console-indexes")) {
                // What V34's indexes are for: the same run without them.
                try (Connection c = cluster.connect(); Statement s = c.createStatement()) {
                    s.execute("drop index ix_sync_task_project_failed, ix_sync_task_project_created,"
                            + " ix_webhook_inbox_project_received_at, ix_sync_log_project_outcome_id");
                }
            }
            double seeded = (System.nanoTime() - began) / 1e9;

            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            signIn(http, worker.url());
            long mid = cluster.queryLong("select max(id) / 2 from sync_log");
            table.add("| console page (" + fingerprints + " fingerprints, " + lines + " sync-log lines, seeded in "
                    + String.format("%.1f", seeded) + " s; " + requests + " requests each after " + warmup
                    + ") | p50 | p95 | max | answers |");
            table.add("|---|---|---|---|---|");
            for (Map.Entry<String, String> page : pages(mid).entrySet()) {
                table.add(measure(http, worker.url(), page.getKey(), page.getValue(), warmup, requests));
            }
        }
        LOG.info(String.join("\n", table));
    }

    /** What is measured: a name and its path. */
    private static Map<String, String> pages(long midLogId) {
        String p = "project=" + PROJECT;
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("integrations", "/console");
        pages.put("GET /api/v1/integrations (bearer)", "/api/v1/integrations");
        pages.put("sync log, newest", "/console/sync-log?" + p);
        pages.put("sync log, older page", "/console/sync-log?" + p + "&before=" + midLogId);
        pages.put("sync log, outcome failed", "/console/sync-log?" + p + "&outcome=failed");
        pages.put("sync log, inbound applied", "/console/sync-log?" + p + "&direction=inbound&outcome=applied");
        pages.put("sync log, one fingerprint", "/console/sync-log?" + p + "&fingerprint=fp-77777");
        pages.put("fingerprints", "/console/fingerprints?" + p);
        pages.put("fingerprints, resolved and not linked", "/console/fingerprints?" + p + "&state=resolved&linked=false");
        pages.put("fingerprints, one", "/console/fingerprints?" + p + "&q=fp-4242");
        pages.put("health", "/console/health");
        return pages;
    }

    /**
     * Fingerprints (half linked, states mixed), a create task per linked one (done over the last 3 hours; 1% of
     * the others failed), sync-log lines over the fingerprints (1% failed, a third inbound) and 10,000 applied
     * webhook deliveries.
     */
    private static void seed(Cluster cluster, int fingerprints, int lines) throws Exception {
        try (Connection c = cluster.connect(); Statement s = c.createStatement()) {
            s.execute("insert into fingerprint (project, fingerprint, title, first_seen, last_seen, event_count, state,"
                    + " jira_issue_id, jira_issue_key, jira_issue_url, jira_status)"
                    + " select '" + PROJECT + "', 'fp-' || g, 'NullPointerException in Cart ' || g, now() - interval '3 days',"
                    + " now() - (g % 1000) * interval '1 minute', 1 + g % 50,"
                    + " (array['open','in_progress','resolved','ignored'])[1 + g % 4],"
                    + " case when g % 2 = 0 then g::text end, case when g % 2 = 0 then 'DEMO-' || g end,"
                    + " case when g % 2 = 0 then 'https://acme.atlassian.net/browse/DEMO-' || g end,"
                    + " case when g % 2 = 0 then 'To Do' end from generate_series(1, " + fingerprints + ") g");
            s.execute("insert into sync_task (project, fingerprint, kind, state, attempts, jira_key, last_status,"
                    + " last_error, finished_at) select '" + PROJECT + "', 'fp-' || g, 'create',"
                    + " case when g % 2 = 0 then 'done' else 'failed' end, 1,"
                    + " case when g % 2 = 0 then 'DEMO-' || g end, case when g % 2 = 0 then 201 else 400 end,"
                    + " case when g % 2 = 1 then 'Jira refused the ticket: customfield_10010: Team is required.' end,"
                    + " now() - (g % 180) * interval '1 minute'"
                    + " from generate_series(1, " + fingerprints + ") g where g % 2 = 0 or g % 100 = 1");
            s.execute("insert into sync_log (project, fingerprint, task_id, direction, action, outcome, message,"
                    + " jira_status, jira_key, at) select '" + PROJECT + "', 'fp-' || (1 + g % " + fingerprints + "),"
                    + " null, case when g % 3 = 0 then 'inbound' else 'outbound' end,"
                    + " case when g % 3 = 0 then 'status' else 'create' end,"
                    + " case when g % 100 = 7 then 'failed' when g % 3 = 0 then 'applied' else 'done' end,"
                    + " 'Line ' || g || ' of the benchmark: what happened, in a sentence.',"
                    + " case when g % 100 = 7 then 400 end, 'DEMO-' || (1 + g % " + fingerprints + "),"
                    + " now() - (" + lines + " - g) * interval '100 milliseconds' from generate_series(1, " + lines + ") g");
            s.execute("update sync_log l set task_id = t.id from sync_task t where l.outcome = 'failed'"
                    + " and t.project = l.project and t.fingerprint = l.fingerprint and t.state = 'failed'");
            s.execute("insert into webhook_inbox (project, dedupe_key, event_type, issue_id, issue_key, received_at,"
                    + " payload, state, processed_at) select '" + PROJECT + "', 'bench-' || g, 'jira:issue_updated',"
                    + " g::text, 'DEMO-' || g, now() - (g % 180) * interval '1 minute', '{}', 'applied',"
                    + " now() - (g % 180) * interval '1 minute' from generate_series(1, 10000) g");
            s.execute("vacuum analyze");
        }
    }

    private static void signIn(HttpClient http, String base) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/console/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(Cluster.ADMIN, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 303) {
            throw new IllegalStateException("sign-in answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static String measure(HttpClient http, String base, String name, String path, int warmup, int requests)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (path.startsWith("/api/")) {
            request.header("Authorization", "Bearer " + Cluster.ADMIN);
        }
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        long[] nanos = new long[requests];
        for (int i = 0; i < warmup + requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (i >= warmup) {
                nanos[i - warmup] = took;
                statuses.merge(answer.statusCode(), 1, Integer::sum);
            }
        }
        Arrays.sort(nanos);
        return String.format("| %s | %.1f ms | %.1f ms | %.1f ms | %s |", name, BenchOptions.percentileMillis(nanos, 50),
                BenchOptions.percentileMillis(nanos, 95), nanos[nanos.length - 1] / 1e6, statuses);
    }
}
