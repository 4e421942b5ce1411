package io.jirasync.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/** A worker whose key was rotated keeps its integrations working, and re-encrypt moves every secret to the new key. */
@QuarkusTest
@TestProfile(KeyRotationTest.Rotated.class)
class KeyRotationTest {

    /** The new key encrypts; the previous one is listed in old-keys. */
    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jira-sync.secrets.key", SecretCipherUnitTest.NEW_KEY,
                    "jira-sync.secrets.old-keys", SecretCipherUnitTest.OLD_KEY);
        }
    }

    static final String ADMIN = "test-admin-token-of-the-suite";
    static final String HOOK_SECRET = "rotation-hook-secret-1";
    static final String JIRA_TOKEN = "rotation-jira-token-1";
    static final String TRACKER_SECRET = "rotation-tracker-secret-1";

    @Inject
    EntityManager em;

    @Test
    void secretsUnderTheOldKeyKeepWorkingAndReEncryptMovesThemToTheNewKey() throws IOException {
        putIntegration("rotate-a", """
                "token": "%s"}}, "webhookSecret": "%s",
                 "tracker": {"callbackUrl": "https://tracker.acme.com/hooks", "secret": "%s"}"""
                .formatted(JIRA_TOKEN, HOOK_SECRET, TRACKER_SECRET));
        putIntegration("rotate-b", "\"token\": \"rotation-jira-token-2\"}}");
        // As a worker before the rotation left them: legacy (no key id) and key-id ciphertexts under the old key.
        SecretCipher old = new SecretCipher(SecretCipherUnitTest.keys(SecretCipherUnitTest.OLD_KEY));
        store("rotate-a", "jira_secret", LegacyCiphertext.encrypt(SecretCipherUnitTest.OLD_KEY, JIRA_TOKEN,
                "integration:rotate-a:jira"));
        store("rotate-a", "webhook_secret", old.encrypt(HOOK_SECRET, "integration:rotate-a:webhook"));
        store("rotate-a", "tracker_secret", LegacyCiphertext.encrypt(SecretCipherUnitTest.OLD_KEY, TRACKER_SECRET,
                "integration:rotate-a:tracker"));
        // A secret no configured key opens (written under a key nobody kept).
        store("rotate-b", "jira_secret", new SecretCipher(SecretCipherUnitTest.keys(SecretCipherUnitTest.OTHER_KEY))
                .encrypt("rotation-jira-token-2", "integration:rotate-b:jira"));

        deliverSignedWebhook("rotate-a");

        reEncrypt().body("reEncrypted", equalTo(3)).body("alreadyCurrent", equalTo(0)).body("failed", equalTo(1))
                .body("failures[0].project", equalTo("rotate-b")).body("failures[0].secret", equalTo("jira"));
        SecretCipher onlyNew = new SecretCipher(SecretCipherUnitTest.keys(SecretCipherUnitTest.NEW_KEY));
        assertEquals(JIRA_TOKEN, onlyNew.decrypt(stored("rotate-a", "jira_secret"), "integration:rotate-a:jira"));
        assertEquals(HOOK_SECRET, onlyNew.decrypt(stored("rotate-a", "webhook_secret"), "integration:rotate-a:webhook"));
        assertEquals(TRACKER_SECRET,
                onlyNew.decrypt(stored("rotate-a", "tracker_secret"), "integration:rotate-a:tracker"));

        reEncrypt().body("reEncrypted", equalTo(0)).body("alreadyCurrent", equalTo(3)).body("failed", equalTo(1));
        deliverSignedWebhook("rotate-a");
    }

    @Test
    void reEncryptIsForAdminsOnly() {
        given().when().post("/api/v1/system/secrets/re-encrypt").then().statusCode(401);
        given().auth().oauth2("test-ingest-token-of-the-suite").when().post("/api/v1/system/secrets/re-encrypt").then()
                .statusCode(403);
    }

    private ValidatableResponse reEncrypt() {
        return given().auth().oauth2(ADMIN).when().post("/api/v1/system/secrets/re-encrypt").then().statusCode(200)
                .body(not(containsString(JIRA_TOKEN))).body(not(containsString(HOOK_SECRET)))
                .body(not(containsString(TRACKER_SECRET))).body(not(containsString("rotation-jira-token-2")))
                .body(not(containsString(SecretCipherUnitTest.NEW_KEY)))
                .body(not(containsString(SecretCipherUnitTest.OLD_KEY)));
    }

    private static void putIntegration(String project, String authTail) {
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body("{\"jira\": {\"url\": \"https://acme.atlassian.net\", \"auth\": {\"type\": \"basic\","
                        + " \"user\": \"bot@acme.com\", " + authTail + ", \"projectKey\": \"OPS\"}")
                .when().put("/api/v1/integrations/" + project).then().statusCode(201);
    }

    private static void deliverSignedWebhook(String project) throws IOException {
        byte[] body;
        try (InputStream in = KeyRotationTest.class
                .getResourceAsStream("/jira-webhooks/webhook-cloud-comment-created-mention-user.json")) {
            body = in.readAllBytes();
        }
        given().contentType("application/json").header("X-Hub-Signature", HmacSignature.sign(body, HOOK_SECRET))
                .body(body).when().post("/webhooks/jira/" + project).then().statusCode(202);
    }

    private void store(String project, String column, byte[] ciphertext) {
        QuarkusTransaction.requiringNew().run(() -> em
                .createNativeQuery("update integration set " + column + " = ?1 where project = ?2")
                .setParameter(1, ciphertext).setParameter(2, project).executeUpdate());
    }

    private byte[] stored(String project, String column) {
        return QuarkusTransaction.requiringNew().call(() -> (byte[]) em
                .createNativeQuery("select " + column + " from integration where project = ?1")
                .setParameter(1, project).getSingleResult());
    }
}
