package io.jirasync.integration;

import java.net.URI;
import java.util.Optional;

import io.jirasync.jira.JiraSite;

/**
 * An integration as the worker uses it: settings with every default applied and the secrets decrypted. Only for
 * code that talks to Jira or the tracker; its {@code toString} masks the secrets. {@code configured} is the
 * {@code jira} part as the admin wrote it: its deployment and API version are null when left out (and then taken
 * from the site's serverInfo in {@code settings}).
 */
public record StoredIntegration(String project, IntegrationSettings settings, Optional<String> jiraSecret,
        Optional<String> webhookSecret, Optional<String> trackerSecret, Optional<String> trackerToken,
        Optional<String> trackerWebhookSecret, IntegrationSettings.Jira configured) {

    /** The tracker block, never null: {@code generic} without a callback when the settings have none. */
    public IntegrationSettings.Tracker tracker() {
        return settings.tracker() == null ? IntegrationSettings.Tracker.callback(null, null) : settings.tracker();
    }

    /** How to reach the integration's Jira, with the decrypted credential. */
    public JiraSite site() {
        return site(settings.jira(), jiraSecret.orElse(null));
    }

    /**
     * The site of a {@code jira} settings part whose deployment and API version are filled in: the user (or, for the
     * OAuth types, the client id) and the secret (token or client secret).
     */
    static JiraSite site(IntegrationSettings.Jira jira, String secret) {
        return new JiraSite(URI.create(jira.url()),
                "server".equals(jira.deployment()) ? JiraSite.Deployment.SERVER : JiraSite.Deployment.CLOUD,
                jira.apiVersion(), JiraSite.AuthType.of(jira.auth().type()), jira.auth().principal(), secret);
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
