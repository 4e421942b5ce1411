package io.jirasync.tracker;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Calls to the error tracker (callback URL or API) and its webhooks. */
@ConfigMapping(prefix = "jira-sync.tracker")
public interface TrackerConfig {

    /** Time to connect for one callback, and again for its answer, before it counts as failed and is retried. */
    @WithDefault("10s")
    Duration timeout();

    /**
     * How long a state or assignee jira-sync wrote to the tracker counts as the echo a tracker webhook brings back
     * (such a delivery is answered 202 ignored and changes nothing).
     */
    @WithDefault("10m")
    Duration echoWindow();

    /** The largest tracker webhook delivery accepted, in bytes (Sentry's issue payloads are a few kilobytes). */
    @WithDefault("1048576")
    int maxBodyBytes();
}
