package io.jirasync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The packaged worker, started in the prod profile with unusable settings, refuses to start and says why. */
class ProdStartupIT {

    @Test
    void refusesToStartWithoutAdminTokenAndNamesTheSetting() throws Exception {
        PackagedWorker.Exit exit = PackagedWorker.runExpectingExit(
                Map.of("QUARKUS_DATASOURCE_JDBC_URL", PackagedWorker.testDatabaseUrl()), List.of("-Dquarkus.http.port=0"));
        assertTrue(exit.exited(), "the worker kept running without an admin token:\n" + exit.output());
        assertNotEquals(0, exit.code());
        assertTrue(exit.output().contains("JIRA_SYNC_AUTH_ADMIN_TOKENS"), exit.output());
        assertTrue(exit.output().contains("JIRA_SYNC_SECRETS_KEY"), exit.output());
    }

    @Test
    void refusesAKeyThatIsNotTheOneTheSecretsWereStoredWith() throws Exception {
        // The test run stored its key check in the test database under the test profile's key.
        PackagedWorker.Exit exit = PackagedWorker.runExpectingExit(Map.of(
                "JIRA_SYNC_AUTH_ADMIN_TOKENS", "some-admin-token-of-the-prod-it",
                "JIRA_SYNC_SECRETS_KEY", "b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktMzI=",
                "QUARKUS_DATASOURCE_JDBC_URL", PackagedWorker.testDatabaseUrl()),
                List.of("-Dquarkus.http.port=0"));
        assertTrue(exit.exited(), "the worker started with the wrong key:\n" + exit.output());
        assertNotEquals(0, exit.code());
        assertTrue(exit.output().contains("is not the key this database's secrets were encrypted with"), exit.output());
        assertTrue(!exit.output().contains("b3RoZXIta2V5"), "the key appeared in the log");
    }

    /** The key the test run stored its key check under, so that only the tokens can stop these workers. */
    private static final String TEST_KEY = "dGVzdC1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";

    private static PackagedWorker.Exit runWithTokens(Map<String, String> tokens) throws Exception {
        Map<String, String> env = new HashMap<>(tokens);
        env.put("JIRA_SYNC_SECRETS_KEY", TEST_KEY);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", PackagedWorker.testDatabaseUrl());
        return PackagedWorker.runExpectingExit(env, List.of("-Dquarkus.http.port=0"));
    }

    @Test
    void refusesThePlaceholderOfTheSecretTemplate() throws Exception {
        PackagedWorker.Exit exit = runWithTokens(Map.of("JIRA_SYNC_AUTH_ADMIN_TOKENS", "CHANGE-ME"));
        assertTrue(exit.exited(), "the worker started with the admin token CHANGE-ME:\n" + exit.output());
        assertNotEquals(0, exit.code());
        assertTrue(exit.output().contains("jira-sync.auth.admin-tokens (JIRA_SYNC_AUTH_ADMIN_TOKENS)"), exit.output());
        assertTrue(exit.output().contains("placeholder"), exit.output());
    }

    @Test
    void refusesATokenShorterThan24Characters() throws Exception {
        PackagedWorker.Exit exit = runWithTokens(Map.of("JIRA_SYNC_AUTH_ADMIN_TOKENS", "some-admin-token-of-the-prod-it",
                "JIRA_SYNC_AUTH_INGEST_TOKENS", "short-ingest-token"));
        assertTrue(exit.exited(), "the worker started with an ingest token of 18 characters:\n" + exit.output());
        assertNotEquals(0, exit.code());
        assertTrue(exit.output().contains("jira-sync.auth.ingest-tokens (JIRA_SYNC_AUTH_INGEST_TOKENS)"), exit.output());
        assertTrue(exit.output().contains("shorter than 24 characters"), exit.output());
        assertFalse(exit.output().contains("short-ingest-token"), "the token appeared in the output");
    }

    @Test
    void refusesATokenListedUnderTwoRoles() throws Exception {
        String token = "one-token-for-two-roles-of-the-prod-it";
        PackagedWorker.Exit exit = runWithTokens(Map.of("JIRA_SYNC_AUTH_ADMIN_TOKENS", token,
                "JIRA_SYNC_AUTH_INGEST_TOKENS", "some-ingest-token-of-the-prod-it," + token));
        assertTrue(exit.exited(), "the worker started with one token as admin and ingest token:\n" + exit.output());
        assertNotEquals(0, exit.code());
        assertTrue(exit.output().contains("entry 1 of jira-sync.auth.admin-tokens (JIRA_SYNC_AUTH_ADMIN_TOKENS)"),
                exit.output());
        assertTrue(exit.output().contains("entry 2 of jira-sync.auth.ingest-tokens (JIRA_SYNC_AUTH_INGEST_TOKENS)"),
                exit.output());
        assertFalse(exit.output().contains(token), "the token appeared in the output");
    }
}
