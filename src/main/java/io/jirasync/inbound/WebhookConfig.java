package io.jirasync.inbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the Jira webhook receiver. */
@ConfigMapping(prefix = "jira-sync.webhook")
public interface WebhookConfig {

    /** Largest delivery accepted, in bytes; larger ones get 413 (Jira's biggest issue payloads are a few hundred KB). */
    @WithDefault("1048576")
    int maxBodyBytes();
}
