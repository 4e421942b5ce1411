package io.jirasync.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StartupGuardTest {

    private static SecretsConfig key(String key) {
        return () -> Optional.ofNullable(key);
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
    void devWithoutKeyStarts() {
        assertEquals(List.of(), StartupGuard.problems(false, false, key(null)));
    }
}
