package io.jirasync;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The packaged worker, started in the prod profile without an admin token, refuses to start and says why. */
class ProdStartupIT {

    @Test
    void refusesToStartWithoutAdminTokenAndNamesTheSetting() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the application first");
        // Flyway migrates before the guard refuses: point it at the tests' database, never the worker's shared one.
        String database = System.getenv().getOrDefault("JIRA_SYNC_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/jirasync_test");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dquarkus.log.console.json.enabled=false",
                "-Dquarkus.datasource.jdbc.url=" + database, "-jar", jar.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("JIRA_SYNC_") || k.startsWith("QUARKUS_PROFILE"));
        pb.redirectErrorStream(true);
        Process process = pb.start();
        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }
        assertTrue(exited, "the worker kept running without an admin token:\n" + output);
        assertNotEquals(0, process.exitValue());
        assertTrue(output.contains("JIRA_SYNC_AUTH_ADMIN_TOKENS"), output);
        assertTrue(output.contains("JIRA_SYNC_SECRETS_KEY"), output);
    }
}
