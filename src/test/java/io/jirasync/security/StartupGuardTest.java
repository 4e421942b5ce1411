package io.jirasync.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class StartupGuardTest {

    private static SecretsConfig key(String key) {
        return SecretCipherUnitTest.keys(key);
    }

    private static final String GOOD_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Test
    void prodWithoutAdminTokenOrKeyNamesBothSettings() {
        List<String> problems = StartupGuard.problems(true, false, key(null));
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).contains("JIRA_SYNC_AUTH_ADMIN_TOKENS"), problems.get(0));
        assertTrue(problems.get(1).contains("JIRA_SYNC_SECRETS_KEY"), problems.get(1));
    }

    @Test
    void prodWithTokenAndKeyStarts() {
        assertEquals(List.of(), StartupGuard.problems(true, true, key(GOOD_KEY)));
    }

    @Test
    void malformedKeyIsRefusedInEveryProfile() {
        assertEquals(1, StartupGuard.problems(false, false, key("c2hvcnQ=")).size());
        assertEquals(1, StartupGuard.problems(false, false, key("not base64 at all!")).size());
    }

    @Test
    void malformedOldKeyIsRefusedByPositionWithoutShowingIt() {
        List<String> problems = StartupGuard.problems(false, false,
                SecretCipherUnitTest.keys(GOOD_KEY, GOOD_KEY, "c2hvcnQ="));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("entry 2 of jira-sync.secrets.old-keys (JIRA_SYNC_SECRETS_OLD_KEYS)"),
                problems.get(0));
        assertFalse(problems.get(0).contains("c2hvcnQ="), problems.get(0));
    }

    @Test
    void oldKeysWithoutACurrentKeyAreRefused() {
        List<String> problems = StartupGuard.problems(false, false, SecretCipherUnitTest.keys(null, GOOD_KEY));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("JIRA_SYNC_SECRETS_OLD_KEYS"), problems.get(0));
    }

    @Test
    void devWithoutKeyStarts() {
        assertEquals(List.of(), StartupGuard.problems(false, false, key(null)));
    }
}
