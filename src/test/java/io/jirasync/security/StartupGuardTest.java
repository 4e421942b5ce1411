package io.jirasync.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StartupGuardTest {

    private static SecretsConfig key(String key) {
        return SecretCipherUnitTest.keys(key);
    }

    private static final String GOOD_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String ADMIN = "3c6f0e9a1b7d4c2e8f5a0b6d9c3e7f1a";
    private static final List<TokenEntry> NO_TOKENS = List.of();
    private static final List<TokenEntry> ONE_ADMIN = TokenEntry.parse(Roles.ADMIN, List.of(ADMIN));

    /** The entries of the three lists, as the configuration would give them. */
    static List<TokenEntry> tokens(List<String> admin, List<String> tracker, List<String> ingest) {
        return TokenEntry.of(new AuthConfig() {
            @Override
            public Optional<List<String>> adminTokens() {
                return Optional.of(admin);
            }

            @Override
            public Optional<List<String>> trackerTokens() {
                return Optional.of(tracker);
            }

            @Override
            public Optional<List<String>> ingestTokens() {
                return Optional.of(ingest);
            }
        });
    }

    private static List<String> tokenProblems(List<String> admin, List<String> tracker, List<String> ingest) {
        return StartupGuard.problems(false, tokens(admin, tracker, ingest), key(null));
    }

    @Test
    void prodWithoutAdminTokenOrKeyNamesBothSettings() {
        List<String> problems = StartupGuard.problems(true, NO_TOKENS, key(null));
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).contains("JIRA_SYNC_AUTH_ADMIN_TOKENS"), problems.get(0));
        assertTrue(problems.get(1).contains("JIRA_SYNC_SECRETS_KEY"), problems.get(1));
    }

    @Test
    void prodWithTokenAndKeyStarts() {
        assertEquals(List.of(), StartupGuard.problems(true, ONE_ADMIN, key(GOOD_KEY)));
    }

    @Test
    void malformedKeyIsRefusedInEveryProfile() {
        assertEquals(1, StartupGuard.problems(false, NO_TOKENS, key("c2hvcnQ=")).size());
        assertEquals(1, StartupGuard.problems(false, NO_TOKENS, key("not base64 at all!")).size());
    }

    @Test
    void malformedOldKeyIsRefusedByPositionWithoutShowingIt() {
        List<String> problems = StartupGuard.problems(false, NO_TOKENS,
                SecretCipherUnitTest.keys(GOOD_KEY, GOOD_KEY, "c2hvcnQ="));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("entry 2 of jira-sync.secrets.old-keys (JIRA_SYNC_SECRETS_OLD_KEYS)"),
                problems.get(0));
        assertFalse(problems.get(0).contains("c2hvcnQ="), problems.get(0));
    }

    @Test
    void oldKeysWithoutACurrentKeyAreRefused() {
        List<String> problems = StartupGuard.problems(false, NO_TOKENS, SecretCipherUnitTest.keys(null, GOOD_KEY));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("JIRA_SYNC_SECRETS_OLD_KEYS"), problems.get(0));
    }

    @Test
    void devWithoutKeyStarts() {
        assertEquals(List.of(), StartupGuard.problems(false, NO_TOKENS, key(null)));
    }

    @Test
    void placeholdersAreRefusedInAnyCaseAndSpellingWithoutRepeatingThem() {
        List<String> placeholders = List.of("CHANGE-ME", "change-me", "Change_Me", "changeme",
                "change-me-admin-token-of-the-cluster", "CHANGE-ME-openssl-rand-hex-24", "please-replace-me-before-use",
                "TODO", "todo-put-the-real-token-here", "xxx", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
                "xxx-admin-token-of-the-cluster", "<the-admin-token-of-the-cluster>", "************************",
                "000000000000000000000000");
        for (String placeholder : placeholders) {
            List<String> problems = tokenProblems(List.of(placeholder), List.of(), List.of());
            assertEquals(1, problems.size(), placeholder + ": " + problems);
            assertEquals("entry 1 of jira-sync.auth.admin-tokens (JIRA_SYNC_AUTH_ADMIN_TOKENS) is a placeholder left"
                    + " from a template, not a token; replace it with a random token (openssl rand -hex 24 makes one)",
                    problems.get(0));
        }
        List<String> ingest = tokenProblems(List.of(ADMIN), List.of(), List.of("CHANGE-ME@shop"));
        assertEquals(List.of("entry 1 of jira-sync.auth.ingest-tokens (JIRA_SYNC_AUTH_INGEST_TOKENS) is a placeholder"
                + " left from a template, not a token; replace it with a random token (openssl rand -hex 24 makes one)"),
                ingest);
    }

    @Test
    void tokensShorterThan24CharactersAreRefusedByPosition() {
        List<String> problems = tokenProblems(List.of(ADMIN), List.of(), List.of(ADMIN + "-x", "short-ingest-token",
                "a-scope-does-not-count@shop"));
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("entry 2 of jira-sync.auth.ingest-tokens (JIRA_SYNC_AUTH_INGEST_TOKENS) is shorter than 24"
                + " characters; use a random token of at least 24 (openssl rand -hex 24 makes one)", problems.get(0));
        assertTrue(problems.get(1).startsWith("entry 3 of jira-sync.auth.ingest-tokens"), problems.get(1));
        assertFalse(String.join(" ", problems).contains("short-ingest-token"), problems.toString());
        assertEquals(List.of(), tokenProblems(List.of(ADMIN.substring(0, 24)), List.of(), List.of()),
                "24 characters are enough");
    }

    @Test
    void aTokenUnderTwoRolesIsRefusedNamingBothEntries() {
        String shared = "7d1e5b9c3a0f4e8d2c6b1a9f5e3d7c0b";
        List<String> problems = tokenProblems(List.of(ADMIN), List.of(shared + "@shop"), List.of(ADMIN + "-other", shared));
        assertEquals(List.of("entry 1 of jira-sync.auth.tracker-tokens (JIRA_SYNC_AUTH_TRACKER_TOKENS) is also entry 2"
                + " of jira-sync.auth.ingest-tokens (JIRA_SYNC_AUTH_INGEST_TOKENS); give each token one role (admin may do"
                + " everything tracker may, tracker everything ingest may)"), problems);
        assertFalse(problems.get(0).contains(shared));
    }

    @Test
    void aTokenTwiceInOneListIsRefused() {
        String twice = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
        List<String> problems = tokenProblems(List.of(ADMIN), List.of(), List.of(twice + "@shop", twice + "@web"));
        assertEquals(List.of("entry 1 of jira-sync.auth.ingest-tokens (JIRA_SYNC_AUTH_INGEST_TOKENS) and entry 2 are"
                + " the same token; list it once (one entry can name several projects: token@shop|web)"), problems);
    }

    @Test
    void projectScopesMustBeProjectNames() {
        assertEquals(List.of(), tokenProblems(List.of(ADMIN + "@shop|web"), List.of(), List.of(ADMIN + "1@a.b_c:d-e")));
        for (String bad : List.of(ADMIN + "@", ADMIN + "@shop||web", ADMIN + "@shop|", ADMIN + "@sh op",
                ADMIN + "@shop/web")) {
            List<String> problems = tokenProblems(List.of(bad), List.of(), List.of());
            assertEquals(1, problems.size(), bad + ": " + problems);
            assertTrue(problems.get(0).startsWith("entry 1 of jira-sync.auth.admin-tokens (JIRA_SYNC_AUTH_ADMIN_TOKENS)"
                    + " has a malformed project list after its last @"), problems.get(0));
            assertFalse(problems.get(0).contains(ADMIN), problems.get(0));
        }
    }

    @Test
    void theEntriesKeepTheirScopeAndPosition() {
        List<TokenEntry> entries = tokens(List.of(ADMIN), List.of(" ", ADMIN + "-t@shop|web|shop"), List.of(ADMIN + "-i"));
        assertEquals(List.of(Roles.ADMIN, Roles.TRACKER, Roles.INGEST), entries.stream().map(TokenEntry::role).toList());
        TokenEntry tracker = entries.get(1);
        assertEquals(2, tracker.position());
        assertEquals(ADMIN + "-t", tracker.token());
        assertEquals(List.of("shop", "web"), tracker.projects());
        assertEquals(List.of(), entries.get(0).projects());
    }

    @Test
    void theProfilesBuiltInTokensPass() {
        assertEquals(List.of(),
                tokenProblems(List.of("dev-admin-token-of-the-demo", "test-admin-token-of-the-suite"),
                        List.of("dev-tracker-token-of-the-demo",
                                "test-tracker-token-of-the-suite"),
                        List.of("dev-ingest-token-of-the-demo", "test-ingest-token-of-the-suite")));
    }
}
