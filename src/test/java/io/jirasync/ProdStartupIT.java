package io.jirasync;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
