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

    /** How often Sentry's and GlitchTip's issues are polled to repair missed webhooks ({@code off}: never). */
    @WithDefault("5m")
    String pollEvery();

    /**
     * How far before the newest {@code lastSeen} a poll already applied the next poll reads again, so that status
     * changes of issues seen in that time are repaired too; also how far back the first poll reads.
     */
    @WithDefault("24h")
    Duration pollOverlap();

    /** The largest tracker webhook delivery accepted, in bytes (Sentry's issue payloads are a few kilobytes). */
    @WithDefault("1048576")
    int maxBodyBytes();
}
