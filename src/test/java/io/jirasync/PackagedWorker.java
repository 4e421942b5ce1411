package io.jirasync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the packaged worker ({@code target/quarkus-app}) as its own process, as an operator would. */
public final class PackagedWorker {

    /** How a run that was expected to stop ended. */
    public record Exit(boolean exited, int code, String output) {
    }

    private PackagedWorker() {
    }

    /** Starts the packaged worker with these system properties and environment (JIRA_SYNC_* of ours removed). */
    public static Process start(Map<String, String> env, List<String> systemProperties) throws IOException {
        return start(env, systemProperties, null);
    }

    /**
     * The same, with the output appended to {@code log} instead of a pipe: a long-running process whose output
     * nobody reads would otherwise block once the pipe is full.
     */
    public static Process start(Map<String, String> env, List<String> systemProperties, Path log) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the application first (mvn package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.log.console.json.enabled=false");
        command.addAll(systemProperties);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("JIRA_SYNC_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        if (log != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        return pb.start();
    }

    /** Runs a worker that is expected to refuse to start, and collects what it printed. */
    public static Exit runExpectingExit(Map<String, String> env, List<String> systemProperties) throws Exception {
        Process process = start(env, systemProperties);
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Exit(exited, exited ? process.exitValue() : -1, output);
    }

    /** A started worker and the port it listens on. */
    public record Running(Process process, Path log, int port) {

        /** Stops it (SIGTERM) and returns what it printed. */
        public String stop() throws Exception {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            return output;
        }
    }

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    /** Starts the packaged worker and waits until it listens (give {@code -Dquarkus.http.port=0}). */
    public static Running listening(Map<String, String> env, List<String> systemProperties) throws Exception {
        Path log = Files.createTempFile("jira-sync-worker", ".log");
        Process process = start(env, systemProperties, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Matcher listening = LISTENING.matcher("");
        while (process.isAlive() && System.nanoTime() < deadline
                && !(listening = LISTENING.matcher(Files.readString(log))).find()) {
            Thread.sleep(200);
        }
        if (!process.isAlive() || !listening.find(0)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the worker did not start:\n" + Files.readString(log));
        }
        return new Running(process, log, Integer.parseInt(listening.group(1)));
    }

    /** The tests' database with {@code schema} as the current schema, for a worker of its own. */
    public static String schemaUrl(String schema) {
        String url = testDatabaseUrl();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops the schema, so that the next worker migrates it from scratch. */
    public static void freshSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(testDatabaseUrl(), "jirasync", "jirasync");
                Statement statement = c.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
    }

    /** The JDBC URL of the tests' database. */
    public static String testDatabaseUrl() {
        String url = System.getenv("JIRA_SYNC_TEST_DB_URL");
        return url != null ? url : "jdbc:postgresql://127.0.0.1:5432/jirasync_test";
    }
}
