package io.jirasync.integration;

import java.util.Optional;

/**
 * An integration as the worker uses it: settings with every default applied and the secrets decrypted. Only for
 * code that talks to Jira or the tracker; its {@code toString} masks the secrets.
 */
public record StoredIntegration(String project, IntegrationSettings settings, Optional<String> jiraSecret,
        Optional<String> webhookSecret, Optional<String> trackerSecret) {

    @Override
    public String toString() {
        return "StoredIntegration[project=" + project + ", settings=" + settings + "]";
    }
}
