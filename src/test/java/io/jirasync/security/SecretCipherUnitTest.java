package io.jirasync.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SecretCipherUnitTest {

    static final String OLD_KEY = "b2xkLWtleS1vbGQta2V5LW9sZC1rZXktb2xkLWtleSE=";
    static final String NEW_KEY = "bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE=";
    static final String OTHER_KEY = "b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktMzI=";

    static SecretsConfig keys(String key, String... oldKeys) {
        return new SecretsConfig() {
            @Override
            public Optional<String> key() {
                return Optional.ofNullable(key);
            }

            @Override
            public Optional<List<String>> oldKeys() {
                return oldKeys.length == 0 ? Optional.empty() : Optional.of(List.of(oldKeys));
            }
        };
    }

    @Test
    void aSecretWrittenUnderTheOldKeyStillOpensWhenTheOldKeyIsListedInOldKeys() {
        byte[] stored = new SecretCipher(keys(OLD_KEY)).encrypt("jira-api-token-value-9", "integration:shop:jira");
        SecretCipher rotated = new SecretCipher(keys(NEW_KEY, OLD_KEY));
        assertEquals("jira-api-token-value-9", rotated.decrypt(stored, "integration:shop:jira"));
        assertFalse(rotated.open(stored, "integration:shop:jira").current());
        assertTrue(rotated.open(rotated.encrypt("x", "c"), "c").current());
    }

    @Test
    void aLegacyCiphertextWithoutKeyIdOpensUnderTheCurrentKey() {
        byte[] legacy = LegacyCiphertext.encrypt(OLD_KEY, "hook-secret-value-9", "integration:shop:webhook");
        assertEquals("hook-secret-value-9",
                new SecretCipher(keys(OLD_KEY)).decrypt(legacy, "integration:shop:webhook"));
        assertEquals("hook-secret-value-9",
                new SecretCipher(keys(NEW_KEY, OLD_KEY)).decrypt(legacy, "integration:shop:webhook"));
        assertFalse(new SecretCipher(keys(OLD_KEY)).open(legacy, "integration:shop:webhook").current(),
                "a ciphertext without key id is re-encrypted once");
    }

    @Test
    void aCiphertextNoConfiguredKeyOpensIsRefusedNamingBothSettings() {
        byte[] stored = new SecretCipher(keys(OTHER_KEY)).encrypt("s", "integration:shop:jira");
        SecretCipher.WrongKeyException e = assertThrows(SecretCipher.WrongKeyException.class,
                () -> new SecretCipher(keys(NEW_KEY, OLD_KEY)).decrypt(stored, "integration:shop:jira"));
        assertTrue(e.getMessage().contains("jira-sync.secrets.old-keys"), e.getMessage());
    }

    @Test
    void theCiphertextNamesItsKeyWithoutRevealingIt() {
        byte[] a = new SecretCipher(keys(NEW_KEY)).encrypt("s", "c");
        byte[] b = new SecretCipher(keys(OLD_KEY)).encrypt("s", "c");
        assertEquals(1, a[0], "version byte");
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(a, 0, 5), java.util.Arrays.copyOfRange(b, 0, 5)),
                "the key id differs between keys");
    }
}
