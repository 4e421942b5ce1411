package io.jirasync.security;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start a production worker that nobody could administer or that would store Jira credentials
 * without a usable encryption key. A malformed key and weak or ambiguous tokens ({@link TokenRules}) are refused in
 * every profile.
 */
@Singleton
public class StartupGuard {

    void check(@Observes @Priority(1) StartupEvent event, AuthConfig auth, SecretsConfig secrets) {
        List<String> problems = problems(ConfigUtils.isProfileActive("prod"), TokenEntry.of(auth), secrets);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("jira-sync refuses to start: " + String.join("; ", problems));
        }
    }

    static List<String> problems(boolean prod, List<TokenEntry> tokens, SecretsConfig secrets) {
        List<String> problems = new ArrayList<>();
        if (prod && tokens.stream().noneMatch(t -> t.role().equals(Roles.ADMIN))) {
            problems.add("no admin token is configured; set jira-sync.auth.admin-tokens"
                    + " (environment variable JIRA_SYNC_AUTH_ADMIN_TOKENS)");
        }
        String key = secrets.key().map(String::trim).orElse("");
        if (key.isEmpty()) {
            if (prod) {
                problems.add("no secret-encryption key is configured; set jira-sync.secrets.key"
                        + " (environment variable JIRA_SYNC_SECRETS_KEY) to the base64 of 32 random bytes");
            }
        } else if (decodedLength(key) != 32) {
            problems.add("jira-sync.secrets.key (JIRA_SYNC_SECRETS_KEY) must be the base64 of exactly 32 bytes");
        }
        problems.addAll(oldKeyProblems(key, secrets.oldKeys().orElse(List.of())));
        problems.addAll(TokenRules.problems(tokens));
        return problems;
    }

    private static List<String> oldKeyProblems(String key, List<String> oldKeys) {
        List<String> problems = new ArrayList<>();
        List<String> given = oldKeys.stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
        if (!given.isEmpty() && key.isEmpty()) {
            problems.add("jira-sync.secrets.old-keys (JIRA_SYNC_SECRETS_OLD_KEYS) is set but jira-sync.secrets.key is"
                    + " not; old keys only decrypt, the current key encrypts");
        }
        for (int i = 0; i < given.size(); i++) {
            if (decodedLength(given.get(i)) != 32) {
                // By position only: even a malformed key may be most of a real one.
                problems.add("entry " + (i + 1) + " of jira-sync.secrets.old-keys (JIRA_SYNC_SECRETS_OLD_KEYS) must be"
                        + " the base64 of exactly 32 bytes");
            }
        }
        return problems;
    }

    private static int decodedLength(String key) {
        try {
            return Base64.getDecoder().decode(key).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
