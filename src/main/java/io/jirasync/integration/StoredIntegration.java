package io.jirasync.integration;

import java.net.URI;
import java.util.Optional;

import io.jirasync.jira.JiraSite;

/**
 * An integration as the worker uses it: settings with every default applied and the secrets decrypted. Only for
 * code that talks to Jira or the tracker; its {@code toString} masks the secrets.
 */
public record StoredIntegration(String project, IntegrationSettings settings, Optional<String> jiraSecret,
        Optional<String> webhookSecret, Optional<String> trackerSecret, Optional<String> trackerToken,
        Optional<String> trackerWebhookSecret) {

    /** The tracker block, never null: {@code generic} without a callback when the settings have none. */
    public IntegrationSettings.Tracker tracker() {
        return settings.tracker() == null ? IntegrationSettings.Tracker.callback(null, null) : settings.tracker();
    }

    /** How to reach the integration's Jira, with the decrypted credential. */
    public JiraSite site() {
        IntegrationSettings.Jira jira = settings.jira();
        return new JiraSite(URI.create(jira.url()),
                "server".equals(jira.deployment()) ? JiraSite.Deployment.SERVER : JiraSite.Deployment.CLOUD,
                jira.apiVersion(),
                "bearer".equals(jira.auth().type()) ? JiraSite.AuthType.BEARER : JiraSite.AuthType.BASIC,
                jira.auth().user(), jiraSecret.orElse(null));
    }

    /** The browse URL of an issue on this integration's Jira. */
    public String browseUrl(String issueKey) {
        return settings.jira().url() + "/browse/" + issueKey;
    }

    @Override
    public String toString() {
        return "StoredIntegration[project=" + project + ", settings=" + settings + "]";
    }
}
