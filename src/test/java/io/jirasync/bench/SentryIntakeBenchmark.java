package io.jirasync.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jirasync.reliability.Cluster;
import io.jirasync.tracker.TrackerWebhooks;

/**
 * Intake of signed Sentry webhooks ({@code POST /webhooks/trackers/sentry/{project}}): {@code clients} clients send
 * the recorded {@code issue.created} delivery (trackers/sentry/issue-created.json), each naming one of
 * {@value #ISSUES} issues in turn with its own count, signed as Sentry signs (hex HMAC-SHA256 of the raw body,
 * {@code Sentry-Hook-Timestamp}), one after another as fast as the answers come. The bodies and signatures are
 * computed before the run, and each client keeps one connection of a minimal HTTP/1.1 client
 * ({@link KeepAliveHttp}), so that the clients' cost on the shared cores is the exchange only. Every 202 is a staged report:
 * the
 * fingerprints' counts are checked after the run.
 */
final class SentryIntakeBenchmark {

    static final String SECRET = "bench-sentry-client-secret";
    private static final int ISSUES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SentryIntakeBenchmark() {
    }

    static void run(Cluster cluster, Cluster.Node worker, Cluster.Node jira, int clients, int seconds, List<String> table)
            throws Exception {
        String project = "sentry-intake";
        // Auto-create off: the run measures the door, not ticket creation behind it.
        String settings = """
                {"jira": {"url": "%s/sandbox/jira", "deployment": "cloud", "apiVersion": 3,
                          "auth": {"type": "basic", "user": "jira-sync@example.com", "token": "sandbox-api-token"}},
                 "projectKey": "DEMO", "rules": {"autoCreate": false}, "webhookSecret": "bench-jira-webhook-secret",
                 "tracker": {"kind": "sentry", "url": "https://sentry.invalid", "organization": "acme",
                             "project": "shop-web", "token": "bench-sentry-token", "webhookSecret": "%s"}}"""
                .formatted(jira.url(), SECRET);
        HttpResponse<String> saved = cluster.call("PUT", worker.url() + "/api/v1/integrations/" + project, Cluster.ADMIN,
                settings);
        if (saved.statusCode() / 100 != 2) {
            throw new IllegalStateException("the integration was refused: " + saved.body());
        }
        List<byte[]> bodies = bodies();
        List<String> signatures = bodies.stream().map(body -> TrackerWebhooks.sentrySignature(body, SECRET)).toList();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String path = "/webhooks/trackers/sentry/" + project;
        // One kept-alive connection per client, cheaper on the shared cores than the JDK client.
        KeepAliveHttp[] connections = new KeepAliveHttp[clients];
        for (int c = 0; c < clients; c++) {
            connections[c] = new KeepAliveHttp(URI.create(worker.url()));
        }
        ClosedLoop.Result loop;
        try {
            loop = ClosedLoop.run(clients, 5, seconds, (http, client, n) -> {
                int i = (int) ((n * clients + client) % ISSUES);
                return connections[client].post(path, Map.of("Content-Type", "application/json",
                        "Sentry-Hook-Resource", "issue", "Sentry-Hook-Timestamp", timestamp, "Sentry-Hook-Signature",
                        signatures.get(i)), bodies.get(i)) == 202;
            });
        } finally {
            for (KeepAliveHttp connection : connections) {
                connection.close();
            }
        }
        long fingerprints = awaitFingerprints(cluster, project);
        table.add("");
        table.add("| Sentry webhook intake | clients | deliveries | deliveries/s | p50 | p99 | refused | fingerprints |");
        table.add("|---|---|---|---|---|---|---|---|");
        table.add(String.format(
                "| signed (Sentry-Hook-Signature), issue.created, %d B, %d issues, kept-alive connections | %d | %d in %.0f s | %.0f "
                        + "| %.1f ms | %.1f ms | %d | %d of %d |",
                bodies.get(0).length, ISSUES, clients,
                loop.sortedNanos().length, loop.seconds(), loop.perSecond(), loop.percentileMillis(50),
                loop.percentileMillis(99), loop.refused(), fingerprints, ISSUES));
    }

    /** The recorded delivery once per issue: its own id, short id, title and a count. */
    private static List<byte[]> bodies() throws Exception {
        ObjectNode template;
        try (InputStream in = SentryIntakeBenchmark.class.getResourceAsStream("/trackers/sentry/issue-created.json")) {
            template = (ObjectNode) JSON.readTree(in);
        }
        List<byte[]> bodies = new ArrayList<>(ISSUES);
        for (int i = 0; i < ISSUES; i++) {
            ObjectNode delivery = template.deepCopy();
            ObjectNode issue = (ObjectNode) delivery.path("data").path("issue");
            issue.put("id", Long.toString(7_000_000_000L + i)).put("shortId", "SHOP-WEB-" + i)
                    .put("title", "NullPointerException in checkout step " + i).put("count", Integer.toString(1 + i));
            bodies.add(JSON.writeValueAsBytes(delivery));
        }
        return bodies;
    }

    /** Waits (at most 60 s) until the fold has made a fingerprint of every issue sent; returns how many there are. */
    private static long awaitFingerprints(Cluster cluster, String project) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        long count;
        do {
            Thread.sleep(200);
            count = cluster.queryLong("select count(*) from fingerprint where project = '" + project + "'");
        } while (count < ISSUES && System.currentTimeMillis() < deadline);
        return count;
    }
}
