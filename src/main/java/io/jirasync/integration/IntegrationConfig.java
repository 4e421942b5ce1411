package io.jirasync.integration;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What each replica keeps of the integrations for the webhook receiver. */
@ConfigMapping(prefix = "jira-sync.integration")
public interface IntegrationConfig {

    /**
     * Projects whose webhook check (whether the integration exists, its webhook secret) one replica keeps; beyond it
     * the least used are dropped, so that deliveries for made-up project names cannot fill the memory.
     */
    @WithDefault("10000")
    int webhookCheckCacheSize();

    /** How long a replica reuses a webhook check; a change on another replica is seen after it at the latest. */
    @WithDefault("5s")
    Duration webhookCheckTtl();
}
