package io.jirasync;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The packaged (production) worker carries no Jira sandbox, and says so when told to serve one. */
class SandboxGuardIT {

    @Test
    void refusesToStartWhenToldToServeTheSandboxItDoesNotCarry() throws Exception {
        PackagedWorker.Exit exit = PackagedWorker.runExpectingExit(Map.of(
                "JIRA_SYNC_SANDBOX_ENABLED", "true",
                "QUARKUS_DATASOURCE_JDBC_URL", PackagedWorker.testDatabaseUrl()), List.of("-Dquarkus.http.port=0"));
        assertTrue(exit.exited(), "the worker kept running with the sandbox asked for:\n" + exit.output());
        assertNotEquals(0, exit.code());
        assertTrue(exit.output().contains("jira-sync.sandbox.enabled=true, but this build carries no Jira sandbox:"
                + " the sandbox ships only in the demo build (mvn package -Pdemo) and the tests; remove the setting"),
                exit.output());
    }
}
