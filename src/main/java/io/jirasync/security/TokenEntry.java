package io.jirasync.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of a role's token list as configured: {@code token}, or {@code token@project|project} for a token
 * limited to those tracker projects.
 */
record TokenEntry(String role, int position, String token, Optional<String> scope) {

    /** The entries of every role's list, admin first, each list in the order written. */
    static List<TokenEntry> of(AuthConfig config) {
        List<TokenEntry> entries = new ArrayList<>();
        entries.addAll(parse(Roles.ADMIN, config.adminTokens().orElse(List.of())));
        entries.addAll(parse(Roles.TRACKER, config.trackerTokens().orElse(List.of())));
        entries.addAll(parse(Roles.INGEST, config.ingestTokens().orElse(List.of())));
        return entries;
    }

    static List<TokenEntry> parse(String role, List<String> values) {
        List<TokenEntry> entries = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i).trim();
            if (value.isEmpty()) {
                continue;
            }
            int at = value.lastIndexOf('@');
            entries.add(at < 0
                    ? new TokenEntry(role, i + 1, value, Optional.empty())
                    : new TokenEntry(role, i + 1, value.substring(0, at), Optional.of(value.substring(at + 1))));
        }
        return entries;
    }

    /** The setting of a role's list, e.g. {@code jira-sync.auth.ingest-tokens}. */
    static String setting(String role) {
        return "jira-sync.auth." + role + "-tokens";
    }

    /** The setting with its environment variable, as every sentence about it names it. */
    static String settingAndVariable(String role) {
        String setting = setting(role);
        return setting + " (" + setting.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_") + ")";
    }

    /** Where this entry is, for sentences that must not show the token: "entry 2 of jira-sync.auth... (JIRA_...)". */
    String where() {
        return "entry " + position + " of " + settingAndVariable(role);
    }

    /** The tracker projects this token is limited to, in the order written; empty for all of them. */
    List<String> projects() {
        return scope.map(s -> Arrays.stream(s.split("\\|", -1)).distinct().toList()).orElse(List.of());
    }
}
