package io.jirasync.jira.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Acceptance harness for the shared request budget: starts the packaged worker twice on one PostgreSQL database
 * and the Jira sandbox as a process of its own (from {@code target/test-classes}), drives both workers through
 * {@code POST /api/v1/jira/probe} (two Jira requests each) with several callers per worker for 30 s, and prints what the
 * sandbox saw: the peak number of
 * requests in any one-second window (sampled every 50 ms from its counters) and how many it refused with 429
 * (the sandbox itself allows 10 per calendar second per credential, so 0 means no second went over).
 *
 * <pre>
 * mvn -B package -DskipTests
 * java src/test/java/io/jirasync/jira/bench/TwoWorkerBudgetBench.java [requests-per-second] [seconds]
 * </pre>
 *
 * Environment: {@code JIRA_SYNC_BENCH_DB_URL} (a scratch database: it is emptied; default the jira test database),
 * {@code JIRA_SYNC_BENCH_JAR}
 * (default {@code target/quarkus-app/quarkus-run.jar}). It is a command-line program: its output is the figures.
 */
public final class TwoWorkerBudgetBench {

    private static final String ADMIN = "bench-admin-token-of-the-bench";
    private static final int PORT_A = 18181;
    private static final int PORT_B = 18182;
    private static final int PORT_JIRA = 18183;
    /** The workers' management interfaces, where their health checks are. */
    private static final int MANAGEMENT_A = 18191;
    private static final int MANAGEMENT_B = 18192;
    private static final int CALLERS_PER_WORKER = 4;
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    private static final Pattern REFUSED = Pattern.compile("\"429\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String sandbox = "http://127.0.0.1:" + PORT_JIRA + "/sandbox/jira";

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        new TwoWorkerBudgetBench().run(rate, seconds);
    }

    private void run(int rate, int seconds) throws Exception {
        String jar = System.getenv().getOrDefault("JIRA_SYNC_BENCH_JAR", "target/quarkus-app/quarkus-run.jar");
        String db = System.getenv().getOrDefault("JIRA_SYNC_BENCH_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/jirasync_jira_test");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(jar + " is missing: run mvn -B package -DskipTests first");
        }
        List<Process> workers = new ArrayList<>();
        try {
            workers.add(startSandbox());
            awaitReady(PORT_JIRA, "/sandbox/jira/_control");
            workers.add(start(jar, db, PORT_A, MANAGEMENT_A, true, rate));
            awaitReady(MANAGEMENT_A, "/q/health/ready");
            workers.add(start(jar, db, PORT_B, MANAGEMENT_B, false, rate));
            awaitReady(MANAGEMENT_B, "/q/health/ready");
            measure(rate, seconds);
        } finally {
            for (Process worker : workers) {
                worker.destroy();
                worker.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** The sandbox on its own: its classes from target/test-classes, its libraries as the build listed them. */
    private static Process startSandbox() throws IOException {
        String classPath = String.join(java.io.File.pathSeparator, "target/test-classes", "target/classes",
                Files.readString(Path.of("target/test-classpath.txt")).trim());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath,
                "io.jirasync.sandbox.SandboxMain", Integer.toString(PORT_JIRA));
        Path log = Path.of("target", "bench-sandbox-" + PORT_JIRA + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** A worker; the first one ({@code first}) starts the scratch database from empty. */
    private Process start(String jar, String db, int port, int managementPort, boolean first, int rate)
            throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.datasource.jdbc.url=" + db,
                "-Djira-sync.auth.admin-tokens=" + ADMIN,
                "-Djira-sync.secrets.key=YmVuY2gtb25seS1rZXktbm90LWZvci1hbnktdXNlISE=",
                "-Djira-sync.jira.allow-private-addresses=true",
                "-Djira-sync.jira.budget.requests-per-second=" + rate,
                // The first worker starts the database from empty, as the tests do: it is a scratch database.
                "-Dquarkus.flyway.clean-disabled=" + !first,
                "-Dquarkus.flyway.clean-at-start=" + first,
                "-jar", jar);
        Path log = Path.of("target", "bench-worker-" + port + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitReady(int port, String readyPath) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readyPath))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("worker on port " + port + " did not become ready; see target/bench-worker-"
                + port + ".log");
    }

    private void measure(int rate, int seconds) throws Exception {
        send("POST", sandbox + "/_control/reset", null);
        // The sandbox refuses (429) every request beyond 10 in a calendar second for one credential.
        send("PATCH", sandbox + "/_control", "{\"flavour\": \"cloud\", \"requestsPerSecond\": 10}");
        send("DELETE", sandbox + "/_control/counters", null);

        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong probesA = new AtomicLong();
        AtomicLong probesB = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ExecutorService callers = Executors.newFixedThreadPool(2 * CALLERS_PER_WORKER);
        for (int i = 0; i < CALLERS_PER_WORKER; i++) {
            callers.submit(() -> drive(PORT_A, end, probesA, failures));
            callers.submit(() -> drive(PORT_B, end, probesB, failures));
        }
        List<long[]> samples = new ArrayList<>();
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            samples.add(new long[] { System.nanoTime(), number(TOTAL, send("GET", sandbox + "/_control/counters",
                    null)) });
            Thread.sleep(50);
        }
        callers.shutdown();
        callers.awaitTermination(90, TimeUnit.SECONDS);
        String counters = send("GET", sandbox + "/_control/counters", null);
        samples.add(new long[] { System.nanoTime(), number(TOTAL, counters) });

        long peak = 0;
        for (int i = 0; i < samples.size(); i++) {
            for (int j = i + 1; j < samples.size() && samples.get(j)[0] - samples.get(i)[0] <= 1_000_000_000L; j++) {
                peak = Math.max(peak, samples.get(j)[1] - samples.get(i)[1]);
            }
        }
        long total = number(TOTAL, counters);
        double elapsed = (samples.get(samples.size() - 1)[0] - start) / 1e9;
        System.out.printf("two workers, one database, budget %d req/s, %d callers per worker, %d s%n", rate,
                CALLERS_PER_WORKER, seconds);
        System.out.printf("sandbox received %d requests in %.1f s: average %.2f req/s%n", total, elapsed,
                total / elapsed);
        System.out.printf("peak in any 1 s window (counters sampled every 50 ms): %d req/s%n", peak);
        System.out.printf("sandbox 429 answers (more than 10 in one calendar second): %d%n", number(REFUSED,
                counters));
        System.out.printf("probes answered by worker A: %d, by worker B: %d, failed probes: %d%n", probesA.get(),
                probesB.get(), failures.get());
    }

    private void drive(int port, long end, AtomicLong probes, AtomicLong failures) {
        String body = """
                {"url": "%s", "deployment": "cloud", "apiVersion": 3,
                 "auth": {"type": "basic", "user": "jira-sync@example.com", "token": "sandbox-api-token"}}"""
                .formatted(sandbox);
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/jira/probe"))
                        .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(90)).build(),
                        HttpResponse.BodyHandlers.ofString());
                (response.statusCode() == 200 ? probes : failures).incrementAndGet();
            } catch (IOException | InterruptedException e) {
                failures.incrementAndGet();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private String send(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static long number(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
