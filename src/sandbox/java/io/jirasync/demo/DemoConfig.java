package io.jirasync.demo;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo: an integration on the embedded sandbox and a trickle of made-up error events (dev profile). */
@ConfigMapping(prefix = "jira-sync.demo")
public interface DemoConfig {

    /** Whether to set up the demo integration and send demo events (needs the sandbox). */
    @WithDefault("false")
    boolean enabled();

    /** Tracker project of the demo integration. */
    @WithDefault("demo")
    String project();

    /** How often a few demo events arrive. */
    @WithDefault("5s")
    Duration every();

    /** Where this worker answers, as seen from itself (the sandbox and the webhook receiver are on it). */
    @WithDefault("http://localhost:${quarkus.http.port}")
    String selfUrl();

    /** The admin token the demo's Sentry flow stores its integration with (the first of the admin tokens). */
    @WithDefault("${jira-sync.auth.admin-tokens}")
    String adminTokens();

    /** The first admin token, without a project scope. */
    default String adminToken() {
        return adminTokens().split(",")[0].split("@")[0].strip();
    }
}
