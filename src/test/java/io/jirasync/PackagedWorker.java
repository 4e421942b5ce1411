package io.jirasync;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        // Read while it runs: a worker that does not stop is killed, and its pipe closed with whatever it printed.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException e) {
                // the process was killed; what was read so far is the output
            }
        });
        reader.start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        return new Exit(exited, exited ? process.exitValue() : -1, output.toString(StandardCharsets.UTF_8));
    }

    /** The JDBC URL of the tests' database. */
    public static String testDatabaseUrl() {
        String url = System.getenv("JIRA_SYNC_TEST_DB_URL");
        return url != null ? url : "jdbc:postgresql://127.0.0.1:5432/jirasync_test";
    }
}
