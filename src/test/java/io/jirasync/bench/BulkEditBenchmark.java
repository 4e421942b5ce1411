package io.jirasync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jirasync.reliability.Cluster;
import io.jirasync.reliability.Tickets;

/**
 * A bulk edit in Jira while tickets are being created (issue 17 §5), at a budget of {@code B} requests/s for both
 * the sandbox and the worker: {@value #ISSUES} fingerprints are linked to sandbox tickets first (at an unlimited
 * budget, by a worker of its own), and each ticket is moved to Won't Do in the sandbox. Then a worker on defaults
 * with budget B creates tickets for another project, and once creation runs, the {@value #ISSUES} signed
 * {@code jira:issue_updated} deliveries of the bulk edit arrive at once (from {@value #SENDERS} senders). Measured
 * from the first delivery sent to the last one applied (its {@code processed_at}): the time, every fingerprint's
 * new state, the Jira requests of the inbound side (searches and issue reads, from the sandbox's journal) per
 * delivery, and creation's requests (creates and create metadata) in that time as a share of B.
 */
final class BulkEditBenchmark {

    private static final int ISSUES = 1000;
    private static final int SENDERS = 8;
    private static final String SECRET = "bench-bulk-webhook-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkEditBenchmark() {
    }

    static void run(Cluster cluster, Cluster.Node jira, int budget, List<String> table) throws Exception {
        cluster.call("POST", jira.url() + "/sandbox/jira/_control/reset", null, null);
        cluster.sandbox(jira, "{\"requestsPerSecond\": 0}");
        List<Map.Entry<String, String>> issues = linkedIssues(cluster, jira);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (Map.Entry<String, String> issue : issues) {
            wontDo(http, jira, issue.getKey());
        }
        cluster.sandbox(jira, "{\"requestsPerSecond\": " + budget + "}");
        Cluster.Node worker = cluster.worker("bulk-" + budget, budget, SyncBenchmark.PRODUCT_DEFAULTS).start();
        try {
            String creating = "bulk-create";
            cluster.integration(worker, creating, jira, "");
            cluster.ingest(worker, creating, Tickets.fingerprints("bulk-create-", budget * 60));
            awaitTickets(cluster, creating, budget * 3L);
            cluster.call("DELETE", jira.url() + "/sandbox/jira/_control/counters", null, null);
            long created0 = linked(cluster, creating);
            long sentAt = System.currentTimeMillis();
            long refused = deliver(worker, issues);
            awaitApplied(cluster);
            long appliedAt = cluster.queryLong("select (extract(epoch from max(processed_at)) * 1000)::bigint "
                    + "from webhook_inbox where project = 'bulk'");
            long created = linked(cluster, creating) - created0;
            row(cluster, jira, budget, sentAt, appliedAt, refused, created, table);
        } finally {
            worker.stop();
        }
    }

    /** Links {@value #ISSUES} fingerprints of project {@code bulk} to sandbox tickets; their ids and keys. */
    private static List<Map.Entry<String, String>> linkedIssues(Cluster cluster, Cluster.Node jira) throws Exception {
        Cluster.Node setup = cluster.worker("bulk-setup", 300, Map.of()).start();
        try {
            cluster.integration(setup, "bulk", jira, ", \"webhookSecret\": \"" + SECRET + "\"");
            cluster.ingest(setup, "bulk", Tickets.fingerprints("bulk-", ISSUES));
            if (Tickets.awaitLinked(cluster, "bulk", ISSUES, 300_000) < ISSUES) {
                throw new IllegalStateException("the fingerprints of bulk were not linked within 300 s");
            }
        } finally {
            setup.stop();
        }
        return new ArrayList<>(cluster.queryStrings("select jira_issue_id, jira_issue_key from fingerprint "
                + "where project = 'bulk' order by id").entrySet());
    }

    /** The bulk edit itself, in Jira: transition 31 (Won't Do), as an agent of the sandbox, not as jira-sync. */
    private static void wontDo(HttpClient http, Cluster.Node jira, String issueId) throws Exception {
        String basic = Base64.getEncoder().encodeToString("ana@example.com:sandbox-api-token"
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(jira.url() + "/sandbox/jira/rest/api/3/issue/"
                + issueId + "/transitions")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"transition\": {\"id\": \"31\"}}")).build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 204) {
            throw new IllegalStateException("the sandbox refused the transition of " + issueId + ": "
                    + answer.statusCode() + " " + answer.body());
        }
    }

    /**
     * The bulk edit's deliveries, all at once: {@value #SENDERS} senders, each on one kept-alive connection
     * ({@link KeepAliveHttp}, so that the senders' share of the two cores is the exchange only), post every
     * {@value #SENDERS}th delivery; returns how many were refused.
     */
    private static long deliver(Cluster.Node worker, List<Map.Entry<String, String>> issues) throws Exception {
        ObjectNode template = JiraDeliveries.template();
        URI base = URI.create(worker.url());
        AtomicLong refused = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int first = s;
                sent.add(senders.submit(() -> {
                    try (KeepAliveHttp http = new KeepAliveHttp(base)) {
                        for (int i = first; i < issues.size(); i += SENDERS) {
                            Map.Entry<String, String> issue = issues.get(i);
                            byte[] body = JiraDeliveries.body(template, issue.getKey(), issue.getValue(), "bulk-" + i);
                            if (http.post("/webhooks/jira/bulk", JiraDeliveries.headers(body, "bulk-" + i, SECRET),
                                    body) != 202) {
                                refused.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
        return refused.get();
    }

    private static void awaitTickets(Cluster cluster, String project, long count) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (linked(cluster, project) < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    private static long linked(Cluster cluster, String project) throws Exception {
        return cluster.queryLong("select count(*) from fingerprint where project = '" + project
                + "' and jira_issue_key is not null");
    }

    /** Waits (at most 5 minutes) until every delivery of the bulk edit is out of the inbox's pending state. */
    private static void awaitApplied(Cluster cluster) throws Exception {
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline && cluster.queryLong("select count(*) from webhook_inbox "
                + "where project = 'bulk' and state = 'pending'") > 0) {
            Thread.sleep(50);
        }
    }

    private static void row(Cluster cluster, Cluster.Node jira, int budget, long sentAt, long appliedAt, long refused,
            long created, List<String> table) throws Exception {
        long inbound = 0;
        long creation = 0;
        long other = 0;
        String body = cluster.call("GET", jira.url() + "/sandbox/jira/_control/journal", null, null).body();
        // Kept for a closer look (request by request, with their timings) beside the other processes' logs.
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/bench/bulk-journal.json"), body);
        JsonNode journal = JSON.readTree(body);
        for (JsonNode entry : journal.path("entries")) {
            long at = entry.path("at").asLong();
            if (at < sentAt || at > appliedAt) {
                continue;
            }
            String method = entry.path("method").asText();
            String path = entry.path("path").asText();
            if (path.contains("/search") || (method.equals("GET") && path.matches(".*/issue/[^/]+"))) {
                inbound++;
            } else if (path.contains("createmeta") || (method.equals("POST") && path.endsWith("/issue"))) {
                creation++;
            } else {
                other++;
            }
        }
        double seconds = (appliedAt - sentAt) / 1000.0;
        Map<String, Long> states = cluster.queryCounts("select state, count(*) from fingerprint where project = 'bulk' "
                + "group by state");
        Map<String, Long> inbox = cluster.queryCounts("select state, count(*) from webhook_inbox where project = 'bulk' "
                + "and dedupe_key like 'id:bulk-%' group by state");
        table.add("");
        table.add("| bulk edit during creation | B | deliveries | applied after | inbound requests (per delivery) "
                + "| creation's requests (share of B) | tickets created meanwhile | other requests | refused "
                + "| inbox states | fingerprint states |");
        table.add("|---|---|---|---|---|---|---|---|---|---|---|");
        table.add(String.format("| %d linked issues moved to Won't Do, deliveries all at once | %d/s | %d | %.1f s "
                + "| %d (%.3f) | %d (%.2f) | %d | %d | %d | %s | %s |", ISSUES, budget, ISSUES, seconds, inbound,
                inbound / (double) ISSUES, creation, creation / (budget * seconds), created, other, refused, inbox,
                states));
    }
}
