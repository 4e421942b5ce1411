package io.jirasync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rotation procedure of src/docs/operations.md with the packaged worker, in a schema of its own: a start with
 * a new key works while the previous key is an old key, is refused (naming the setting) without it, and works
 * without it once re-encrypt has run.
 */
class KeyRotationStartupIT {

    static final String PREVIOUS_KEY = "cHJldmlvdXMta2V5LXByZXZpb3VzLWtleS1wcmV2aW8=";
    static final String NEW_KEY = "bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE=";
    static final String SCHEMA = "key_rotation_it";
    static final String ADMIN = "rotation-admin-token-of-the-it";

    /**
     * Each case starts from an empty schema: one left by an earlier run (of another branch, with other migrations)
     * would fail Flyway's validation before the start this test is about.
     */
    @BeforeEach
    void emptySchema() throws Exception {
        PackagedWorker.dropSchema(SCHEMA);
    }

    @Test
    void aRotationWithOldKeysThenReEncryptLetsTheOldKeyGo() throws Exception {
        started(env(PREVIOUS_KEY, null)).stop();
        started(env(NEW_KEY, PREVIOUS_KEY)).stop();

        PackagedWorker.Exit refused = PackagedWorker.runExpectingExit(env(NEW_KEY, null), properties());
        assertTrue(refused.exited(), "the worker started without the previous key:\n" + refused.output());
        assertNotEquals(0, refused.code());
        assertTrue(refused.output().contains("JIRA_SYNC_SECRETS_OLD_KEYS"), refused.output());
        assertFalse(refused.output().contains(NEW_KEY), "the key appeared in the log");

        PackagedWorker.Running rotating = started(env(NEW_KEY, PREVIOUS_KEY));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(rotating.url() + "/api/v1/system/secrets/re-encrypt"))
                .header("Authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        rotating.stop();
        assertTrue(answer.statusCode() == 200 && answer.body().contains("\"failed\":0"), answer.body());

        String output = started(env(NEW_KEY, null)).stop();
        assertFalse(output.contains(PREVIOUS_KEY) || output.contains(NEW_KEY), "a key appeared in the log");
    }

    @Test
    void refusesAMalformedOldKeyWithASentence() throws Exception {
        PackagedWorker.Exit exit = PackagedWorker.runExpectingExit(env(NEW_KEY, PREVIOUS_KEY + ",c2hvcnQ="),
                properties());
        assertTrue(exit.exited(), "the worker started with a malformed old key:\n" + exit.output());
        assertNotEquals(0, exit.code());
        assertTrue(exit.output().contains("jira-sync.secrets.old-keys (JIRA_SYNC_SECRETS_OLD_KEYS)"), exit.output());
        assertFalse(exit.output().contains("c2hvcnQ="), "the key appeared in the log");
    }

    private static Map<String, String> env(String key, String oldKeys) {
        Map<String, String> env = new HashMap<>(Map.of("JIRA_SYNC_AUTH_ADMIN_TOKENS", ADMIN,
                "JIRA_SYNC_SECRETS_KEY", key, "QUARKUS_DATASOURCE_JDBC_URL", PackagedWorker.schemaUrl(SCHEMA)));
        if (oldKeys != null) {
            env.put("JIRA_SYNC_SECRETS_OLD_KEYS", oldKeys);
        }
        return env;
    }

    // The jobs stay off: these workers are only here to start.
    private static List<String> properties() {
        return List.of("-Dquarkus.http.port=0", "-Dquarkus.flyway.schemas=" + SCHEMA,
                "-Djira-sync.dispatch.enabled=false", "-Djira-sync.inbound.enabled=false");
    }

    private static PackagedWorker.Running started(Map<String, String> env) throws Exception {
        return PackagedWorker.startListening(env, properties());
    }
}
