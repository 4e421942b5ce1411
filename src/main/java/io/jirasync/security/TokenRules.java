package io.jirasync.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.jirasync.integration.IntegrationResource;

/**
 * What start-up refuses in the configured tokens: a placeholder left from a template, a token shorter than
 * {@value #MIN_LENGTH} characters, a malformed project scope, one token listed twice. Each sentence names the
 * entry by position and setting, never the token.
 */
final class TokenRules {

    static final int MIN_LENGTH = 24;

    private static final Pattern PROJECT = Pattern.compile(IntegrationResource.PROJECT_PATTERN);
    private static final String MAKE_ONE = " (openssl rand -hex 24 makes one)";

    private TokenRules() {
    }

    static List<String> problems(List<TokenEntry> entries) {
        List<String> problems = new ArrayList<>();
        for (TokenEntry entry : entries) {
            if (isPlaceholder(entry.token())) {
                problems.add(entry.where() + " is a placeholder left from a template, not a token; replace it with a"
                        + " random token" + MAKE_ONE);
            } else if (entry.token().length() < MIN_LENGTH) {
                problems.add(entry.where() + " is shorter than " + MIN_LENGTH + " characters; use a random token of at"
                        + " least " + MIN_LENGTH + MAKE_ONE);
            }
            if (entry.scope().isPresent() && !entry.projects().stream().allMatch(p -> PROJECT.matcher(p).matches())) {
                problems.add(entry.where() + " has a malformed project list after its last @: write token@shop|web,"
                        + " projects of A-Z a-z 0-9 . _ : - separated by |; a token itself may not contain @");
            }
        }
        problems.addAll(duplicates(entries));
        return problems;
    }

    private static List<String> duplicates(List<TokenEntry> entries) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                TokenEntry first = entries.get(i);
                TokenEntry second = entries.get(j);
                if (!first.token().equals(second.token())) {
                    continue;
                }
                problems.add(first.role().equals(second.role())
                        ? first.where() + " and entry " + second.position() + " are the same token; list it once"
                                + " (one entry can name several projects: token@shop|web)"
                        : first.where() + " is also " + second.where() + "; give each token one role (admin may do"
                                + " everything tracker may, tracker everything ingest may)");
            }
        }
        return problems;
    }

    /** CHANGE-ME and its kin in any case or spelling, TODO, xxx..., or one character repeated. */
    static boolean isPlaceholder(String token) {
        String letters = token.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return letters.contains("changeme") || letters.contains("replaceme")
                || letters.startsWith("todo") || letters.startsWith("fixme") || letters.startsWith("xxx")
                || letters.chars().distinct().count() <= 1
                || token.startsWith("<") && token.endsWith(">");
    }
}
