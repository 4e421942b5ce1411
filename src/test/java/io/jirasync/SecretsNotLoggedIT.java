package io.jirasync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Runs after the whole test suite (failsafe) and reads the log it wrote: no secret the tests configured may
 * appear in it, whatever the tests did with integrations, webhooks and Jira.
 */
class SecretsNotLoggedIT {

    /** Secrets set by the tests: Jira tokens, webhook and tracker secrets, bearer tokens. */
    static final List<String> SECRETS = List.of("jira-api-token-value-1", "jira-api-token-value-2",
            "hook-secret-value-1", "tracker-secret-value-1", "webhook-secret-for-tests", "sandbox-api-token",
            "test-admin-token-of-the-suite", "test-ingest-token-of-the-suite", "test-tracker-token-of-the-suite",
            "test-scoped-admin-token-of-the-suite", "test-scoped-tracker-token-of-the-suite",
            "test-scoped-ingest-token-of-the-suite", "dGVzdC1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=",
            "rotation-jira-token-1", "rotation-jira-token-2", "rotation-hook-secret-1", "rotation-tracker-secret-1",
            "bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE=", "b2xkLWtleS1vbGQta2V5LW9sZC1rZXktb2xkLWtleSE=",
            "trust-webhook-secret-of-the-tests", "recorded-deliveries-hook-secret", "callback-hook-secret");

    @Test
    void theTestRunsLogHoldsNoSecret() throws Exception {
        // Failsafe alone (the reliability profile's command runs it after `package -DskipTests`) follows no test
        // suite: there is no log of one to search. The build's code generation may still leave an empty log file.
        assumeTrue(Files.isDirectory(Path.of("target/surefire-reports")),
                "the test suite did not run in this build (no target/surefire-reports): no log to search");
        // The file may have been rotated during a long run: read every piece of it.
        List<Path> logs;
        try (var files = Files.list(Path.of("target"))) {
            logs = files.filter(p -> p.getFileName().toString().startsWith("quarkus-test.log")).toList();
        }
        StringBuilder all = new StringBuilder();
        for (Path log : logs) {
            all.append(Files.readString(log));
        }
        String text = all.toString();
        // The log is the suite's: it saw integrations being stored and tickets being created.
        assertTrue(text.contains("Integration shop-a created"), "the log does not hold the test run");
        for (String secret : SECRETS) {
            assertFalse(text.contains(secret), "the log contains the secret " + secret.substring(0, 6) + "...");
        }
    }
}
