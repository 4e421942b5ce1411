package io.jirasync.sandbox;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The embedded Jira sandbox: whether it runs, which Jira it imitates, its credentials and its limits. */
@ConfigMapping(prefix = "jira-sync.sandbox")
public interface SandboxConfig {

    /** Serve the sandbox under {@code /sandbox/jira}; when false every sandbox path answers 404. */
    @WithDefault("false")
    boolean enabled();

    /** Which Jira to imitate at start-up: {@code cloud} (REST v2 and v3) or {@code server} (Data Center, v2 only). */
    @WithDefault("cloud")
    String flavour();

    /** Base URL put in {@code self} links and webhooks; without it the URL of the request (or localhost) is used. */
    Optional<String> baseUrl();

    /** API token (Cloud, basic auth with the e-mail) or password (Server, basic auth with the user name) of every demo user. */
    @WithDefault("sandbox-api-token")
    String apiToken();

    /** Personal access token (bearer) of the bot user {@code jira-sync}. */
    @WithDefault("sandbox-pat")
    String personalAccessToken();

    /** Requests per second per credential before 429; 0 means no limit. Can be changed through {@code _control}. */
    @WithDefault("0")
    int requestsPerSecond();

    /** Writes per issue per second before 429 with {@code jira-per-issue-on-write}; 0 means no limit. */
    @WithDefault("0")
    int writesPerIssuePerSecond();

    /** Answered requests the journal ({@code _control/journal}) keeps; older ones are forgotten. */
    @WithDefault("100000")
    int journalSize();

    /** Webhook delivery. */
    Webhooks webhooks();

    /** Webhook delivery settings. */
    interface Webhooks {

        /** Attempts per delivery, the first one included. */
        @WithDefault("4")
        int maxAttempts();

        /** Wait before the first retry; doubled for each further one. */
        @WithDefault("PT0.5S")
        Duration initialBackoff();

        /** Time allowed for one attempt. */
        @WithDefault("PT5S")
        Duration timeout();
    }
}
