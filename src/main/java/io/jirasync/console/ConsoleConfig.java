package io.jirasync.console;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The admin console's sessions. */
@ConfigMapping(prefix = "jira-sync.console")
public interface ConsoleConfig {

    /** A session not used for this long has expired; every page view extends it. */
    @WithDefault("1h")
    Duration idleTimeout();

    /** A session ends this long after sign-in, however busy. */
    @WithDefault("12h")
    Duration maxAge();
}
