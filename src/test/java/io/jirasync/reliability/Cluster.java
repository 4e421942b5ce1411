package io.jirasync.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.PackagedWorker;
import io.jirasync.SandboxProcess;

/**
 * Real worker processes on one PostgreSQL database, as an operator runs them, and one process that plays Jira (the
 * sandbox on its own, no database) that the workers talk to over loopback HTTP. Used by the reliability suite and
 * the benchmarks; nothing here is a test by itself.
 */
public final class Cluster implements AutoCloseable {

    public static final String ADMIN = "reliability-admin-token-of-the-harness";
    public static final String INGEST = "reliability-ingest-token-of-the-harness";
    /** Reads and changes fingerprints (PATCH, tickets) besides ingesting. */
    public static final String TRACKER = "reliability-tracker-token-of-the-harness";
    /** Encrypts the stored Jira credentials; fixed so that restarted workers read what earlier ones stored. */
    public static final String SECRETS_KEY = Base64.getEncoder()
            .encodeToString("reliability-only-key-32-bytes!!!".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One running process: its name, ports, log file and OS process. */
    public final class Node {
        public final String name;
        public final int port;
        /** A worker's management interface (health, metrics, OpenAPI); the sandbox has none. */
        public final int managementPort;
        public final Path log;
        private final Map<String, String> env;
        /** A worker, or else the stand-alone sandbox. */
        private final boolean worker;
        private Process process;
        private int lives;
        private int outsideKills;
        /** Milliseconds from process start to a ready health check, per life. */
        public final List<Long> startupMillis = new ArrayList<>();

        private Node(String name, Map<String, String> env, boolean worker) throws IOException {
            this.name = name;
            this.port = freePort();
            this.managementPort = worker ? freePort() : -1;
            this.log = logDir.resolve(name + ".log");
            this.env = env;
            this.worker = worker;
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }

        /** A worker's management interface, where {@code /q/health}, {@code /q/metrics} and {@code /q/openapi} are. */
        public String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }

        public long pid() {
            return process.pid();
        }

        /** Starts (or restarts) the process and waits until it is ready (a worker's {@code /q/health/ready} UP). */
        public Node start() throws Exception {
            Files.writeString(log, "---- life " + (++lives) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            long began = System.nanoTime();
            process = launch();
            String ready = worker ? managementUrl() + "/q/health/ready" : url() + "/sandbox/jira/_control";
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    if (process.exitValue() == 143 && outsideKills++ < 2) {
                        // SIGTERM from outside this harness (the machine is shared): say so and start again.
                        java.util.logging.Logger.getLogger(Cluster.class.getName()).warning(name
                                + " was stopped by a SIGTERM this harness did not send; starting it again");
                        return start();
                    }
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    if (call("GET", ready, null, null).statusCode() == 200) {
                        startupMillis.add((System.nanoTime() - began) / 1_000_000);
                        return this;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException(name + " was not ready within 120 s; see " + log);
        }

        private Process launch() throws IOException {
            if (!worker) {
                return SandboxProcess.start(port, env, log);
            }
            Map<String, String> all = new HashMap<>(env);
            all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            all.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            List<String> jvm = new ArrayList<>(List.of("-Xmx384m"));
            // -Dcluster.jfr=DIR: every worker records a JFR profile into DIR (to see where a benchmark's time goes).
            String jfr = System.getProperty("cluster.jfr");
            if (jfr != null) {
                jvm.add("-XX:StartFlightRecording=filename=" + Path.of(jfr).toAbsolutePath().resolve(name + "-" + lives
                        + ".jfr") + ",settings=profile");
            }
            return PackagedWorker.start(all, jvm, log);
        }

        /** SIGKILL: no shutdown hook, no graceful stop, exactly as a crashed node or an OOM kill. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        /** SIGTERM without waiting, as the kubelet sends it when a pod is deleted; {@link #exited} tells the end. */
        public void terminate() {
            process.destroy();
        }

        /** Whether the process has ended, waiting up to {@code millis} for it; its exit code is then {@link #exitCode}. */
        public boolean exited(long millis) throws InterruptedException {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        }

        public int exitCode() {
            return process.exitValue();
        }

        /** SIGTERM, then SIGKILL when it does not stop in time. */
        public void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            }
        }

        /** Resident memory of the process in MiB, from /proc. */
        public long rssMiB() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
            return -1;
        }
    }

    private final String dbUrl;
    private final Path logDir;
    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Cluster(String dbUrl, Path logDir) throws IOException {
        this.dbUrl = dbUrl;
        this.logDir = logDir;
        Files.createDirectories(logDir);
    }

    /** The database of the processes this harness starts: {@code JIRA_SYNC_BENCH_DB_URL} or {@code jirasync_bench}. */
    public static String benchDatabaseUrl() {
        String url = System.getenv("JIRA_SYNC_BENCH_DB_URL");
        return url != null ? url : "jdbc:postgresql://127.0.0.1:5432/jirasync_bench";
    }

    /** Empties the database (the first process to start migrates it again). Stop every process first. */
    public void resetDatabase() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("drop schema public cascade");
            s.execute("create schema public");
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(dbUrl, "jirasync", "jirasync");
    }

    /** The first column of the first row of a query, as a long. */
    public long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Rows of a two-column query of strings as a map (first column to second), in the query's order. */
    public Map<String, String> queryStrings(String sql) throws SQLException {
        return queryMap(sql, r -> r.getString(2));
    }

    /** Rows of a two-column query as a map (first column to second). */
    public Map<String, Long> queryCounts(String sql) throws SQLException {
        return queryMap(sql, r -> r.getLong(2));
    }

    private interface Column<V> {
        V read(ResultSet row) throws SQLException;
    }

    private <V> Map<String, V> queryMap(String sql, Column<V> second) throws SQLException {
        Map<String, V> rows = new LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.put(r.getString(1), second.read(r));
            }
        }
        return rows;
    }

    private Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("JIRA_SYNC_AUTH_ADMIN_TOKENS", ADMIN);
        env.put("JIRA_SYNC_AUTH_INGEST_TOKENS", INGEST);
        env.put("JIRA_SYNC_AUTH_TRACKER_TOKENS", TRACKER);
        env.put("JIRA_SYNC_SECRETS_KEY", SECRETS_KEY);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", dbUrl);
        // PostgreSQL here is shared with other builds: a few connections per process are plenty.
        env.put("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "6");
        // A loaded machine can take more than the default 5 s to hand out a connection at start-up.
        env.put("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "30S");
        return env;
    }

    /**
     * The process that plays Jira: the sandbox on its own, with these {@code JIRA_SYNC_SANDBOX_*} settings. Not started yet.
     */
    public Node jira(Map<String, String> sandboxSettings) throws IOException {
        return add(new Node("jira", new HashMap<>(sandboxSettings), false));
    }

    /**
     * A worker with the given Jira request budget (requests/s, shared through the database by every worker),
     * quick rules and retry periods and a short lease, so that a killed worker's tasks and claimed deliveries come
     * back within a run. Not started yet.
     */
    public Node worker(String name, int budget, Map<String, String> extra) throws IOException {
        Map<String, String> env = baseEnv();
        env.put("JIRA_SYNC_JIRA_ALLOW_PRIVATE_ADDRESSES", "true");
        env.put("JIRA_SYNC_JIRA_BUDGET_REQUESTS_PER_SECOND", Integer.toString(budget));
        env.put("JIRA_SYNC_DISPATCH_RULES_EVERY", "1s");
        env.put("JIRA_SYNC_DISPATCH_BATCH_SIZE", "10");
        env.put("JIRA_SYNC_DISPATCH_LEASE", "20s");
        env.put("JIRA_SYNC_INBOUND_LEASE", "20s");
        env.put("JIRA_SYNC_DISPATCH_BACKOFF_BASE", "1s");
        env.put("JIRA_SYNC_DISPATCH_BACKOFF_MAX", "10s");
        env.put("JIRA_SYNC_DISPATCH_UNKNOWN_OUTCOME_DELAY", "2s");
        env.put("JIRA_SYNC_DISPATCH_MAX_ATTEMPTS", "50");
        env.putAll(extra);
        return add(new Node(name, env, true));
    }

    private Node add(Node node) {
        nodes.add(node);
        return node;
    }

    /** An integration of {@code project} on the Jira process's DEMO project, tickets opened automatically. */
    public void integration(Node worker, String project, Node jira, String extraJson) throws Exception {
        integration(worker, project, jira.url(), extraJson);
    }

    /**
     * The same, reaching Jira through another base URL (a {@link Gate} in front of the Jira process). Without a
     * {@code webhookSecret} in {@code extraJson} it says {@code allowUnsignedWebhooks}, which the prod profile wants.
     */
    public void integration(Node worker, String project, String jiraBase, String extraJson) throws Exception {
        String unsigned = extraJson.contains("\"webhookSecret\"") ? "" : ", \"allowUnsignedWebhooks\": true";
        String body = """
                {"jira": {"url": "%s/sandbox/jira", "deployment": "cloud", "apiVersion": 3,
                          "auth": {"type": "basic", "user": "jira-sync@example.com", "token": "sandbox-api-token"}},
                 "projectKey": "DEMO", "rules": {"autoCreate": true, "minEvents": 1},
                 "customFields": [{"field": "Team", "value": "backend"}] %s%s}""".formatted(jiraBase, extraJson,
                unsigned);
        expect(call("PUT", worker.url() + "/api/v1/integrations/" + project, ADMIN, body), 200, 201);
    }

    /** One event per fingerprint, in requests of up to 1,000 events. */
    public void ingest(Node worker, String project, List<String> fingerprints) throws Exception {
        for (int from = 0; from < fingerprints.size(); from += 1000) {
            StringBuilder json = new StringBuilder("[");
            for (String fp : fingerprints.subList(from, Math.min(fingerprints.size(), from + 1000))) {
                json.append(json.length() > 1 ? "," : "").append("{\"fingerprint\":\"").append(fp)
                        .append("\",\"title\":\"NullPointerException in ").append(fp)
                        .append("\",\"attributes\":{\"environment\":\"production\"}}");
            }
            expect(call("POST", worker.url() + "/api/v1/projects/" + project + "/events", INGEST, json + "]"), 202);
        }
    }

    /** Changes the sandbox's settings ({@code PATCH _control}). */
    public JsonNode sandbox(Node jira, String settingsJson) throws Exception {
        HttpResponse<String> r = expect(call("PATCH", jira.url() + "/sandbox/jira/_control", null, settingsJson), 200);
        return JSON.readTree(r.body());
    }

    /** The sandbox's counters: {@code total}, {@code requests} by method and path, {@code statuses}. */
    public JsonNode counters(Node jira) throws Exception {
        return JSON.readTree(expect(call("GET", jira.url() + "/sandbox/jira/_control/counters", null, null), 200).body());
    }

    /**
     * Every issue of the sandbox's DEMO project as key to labels, read through Jira's own search as Carla (who may
     * browse DEMO), so that the check spends none of jira-sync's request budget.
     */
    public Map<String, List<String>> sandboxIssues(Node jira) throws Exception {
        Map<String, List<String>> issues = new LinkedHashMap<>();
        String token = null;
        do {
            String url = jira.url() + "/sandbox/jira/rest/api/3/search/jql?jql=project%20%3D%20DEMO&fields=labels"
                    + "&maxResults=100" + (token == null ? "" : "&nextPageToken=" + token);
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "carla@example.com:sandbox-api-token".getBytes(StandardCharsets.UTF_8)))
                    .build();
            JsonNode page = JSON.readTree(expect(http.send(request, HttpResponse.BodyHandlers.ofString()), 200).body());
            for (JsonNode issue : page.path("issues")) {
                List<String> labels = new ArrayList<>();
                issue.path("fields").path("labels").forEach(l -> labels.add(l.asText()));
                issues.put(issue.path("key").asText(), labels);
            }
            token = page.path("isLast").asBoolean(true) ? null : page.path("nextPageToken").asText(null);
        } while (token != null);
        return issues;
    }

    /** The sandbox's issue count, cheap enough to poll. */
    public long sandboxIssueCount(Node jira) throws Exception {
        return JSON.readTree(expect(call("GET", jira.url() + "/sandbox/jira/_control", null, null), 200).body())
                .path("issues").asLong();
    }

    public HttpResponse<String> call(String method, String url, String token, String json) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int... statuses) {
        for (int s : statuses) {
            if (response.statusCode() == s) {
                return response;
            }
        }
        throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                + response.statusCode() + ": " + response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops every process this cluster started. */
    @Override
    public void close() {
        try {
            for (Node node : nodes) {
                node.stop();
            }
        } catch (InterruptedException e) {
            // Whoever interrupted the harness wants it gone: say so to the caller's thread.
            Thread.currentThread().interrupt();
        }
    }
}
