package io.jirasync.jira;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the worker talks to Jira: timeouts, the shared request budget, the address guard and caches. */
@ConfigMapping(prefix = "jira-sync.jira")
public interface JiraConfig {

    /** Time allowed to open a TCP/TLS connection to Jira. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time allowed for Jira to answer once a request is sent. */
    @WithDefault("30s")
    Duration readTimeout();

    /** Lets the Jira URL resolve to loopback or private (RFC 1918, ULA, CGNAT) addresses. On in dev and test. */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /**
     * Lets a Jira URL on {@code *.atlassian.net} use plain http, which would send the credentials unencrypted. Off:
     * such a URL is refused when stored, probed or called.
     */
    @WithDefault("false")
    boolean allowPlainHttp();

    /** Largest answer body read from Jira; a larger answer fails the call and nothing of it is used. */
    @WithDefault("10M")
    MemorySize maxResponseSize();

    /** How long create metadata (issue types, fields) of a project is reused before it is fetched again. */
    @WithDefault("10m")
    Duration createmetaCacheTtl();

    /** Most projects (per site and credential) whose create metadata is kept; the least recently used go first. */
    @WithDefault("200")
    int createmetaCacheSize();

    /**
     * Most Jira sites (URL and user) whose circuit breaker and site id are kept in memory; the least recently used
     * beyond it are dropped, with their metrics, and start afresh when used again.
     */
    @WithDefault("1000")
    int siteCacheSize();

    /**
     * Atlassian's API gateway: requests of {@code scoped} tokens and OAuth 2.0 go to
     * {@code <atlassian-api-url>/ex/jira/<cloudId>/rest/api/<version>}; OAuth clients read their sites at
     * {@code /oauth/token/accessible-resources} there. The address guard checks it like a Jira URL.
     */
    @WithDefault("https://api.atlassian.com")
    String atlassianApiUrl();

    /** Atlassian's authorization server: OAuth 2.0 tokens are exchanged and refreshed at {@code <it>/oauth/token}. */
    @WithDefault("https://auth.atlassian.com")
    String atlassianAuthUrl();

    /** The request budget per Jira site, shared by every replica through PostgreSQL. */
    Budget budget();

    /** The circuit breaker kept per Jira site. */
    CircuitBreaker circuitBreaker();

    /** Request budget settings. */
    interface Budget {

        /**
         * Requests to one Jira site (base URL + user) in any one-second window as Jira receives them, summed
         * over all replicas.
         */
        @WithDefault("10")
        int requestsPerSecond();

        /**
         * Longest a caller waits for its turn (including a {@code Retry-After}); beyond it the call fails with a
         * rate-limit error instead of holding a worker thread.
         */
        @WithDefault("60s")
        Duration maxWait();

        /**
         * After Jira says {@code X-RateLimit-NearLimit: true} or answers a site-wide 429, the budget is halved for this long.
         */
        @WithDefault("10s")
        Duration nearLimitSlowdown();

        /**
         * Pause of the site after a {@code jira-quota-*} 429 that says neither when the quota resets nor its window
         * ({@code Retry-After}, {@code RateLimit}, {@code RateLimit-Policy}, {@code X-RateLimit-Reset}).
         */
        @WithDefault("5m")
        Duration quotaPause();

        /** Pause of writes to one issue after a {@code jira-per-issue-on-write} 429 without a retry time. */
        @WithDefault("5s")
        Duration perIssueWritePause();
    }

    /** Circuit breaker settings. */
    interface CircuitBreaker {

        /** Calls looked at before the breaker may open. */
        @WithDefault("10")
        int requestVolume();

        /** Share of failed calls (5xx, I/O, timeouts) among them that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses calls before letting a trial call through. */
        @WithDefault("30s")
        Duration delay();
    }
}
