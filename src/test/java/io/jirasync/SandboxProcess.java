package io.jirasync;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs the Jira sandbox as a process of its own ({@code io.jirasync.sandbox.SandboxMain} on the tests' class
 * path): no worker, no database, as a real Jira would be beside the workers.
 */
public final class SandboxProcess {

    private SandboxProcess() {
    }

    /** Starts the sandbox on {@code port} with these {@code JIRA_SYNC_SANDBOX_*} settings, output appended to {@code log}. */
    public static Process start(int port, Map<String, String> env, Path log) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", classPath(), "io.jirasync.sandbox.SandboxMain", Integer.toString(port));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("JIRA_SYNC_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    /**
     * The tests' class path. Under failsafe (and surefire) {@code java.class.path} is only a booter jar whose
     * manifest names the rest; the plugins hand the real path over in {@code surefire.test.class.path}.
     */
    static String classPath() {
        String path = System.getProperty("surefire.test.class.path");
        if (path == null || path.isBlank()) {
            path = System.getProperty("java.class.path");
        }
        if (!path.contains("test-classes")) {
            throw new IllegalStateException("the sandbox is not on this class path: " + path);
        }
        return path;
    }
}
