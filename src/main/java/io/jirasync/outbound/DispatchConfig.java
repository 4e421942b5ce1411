package io.jirasync.outbound;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The outbox dispatcher and the rules job. */
@ConfigMapping(prefix = "jira-sync.dispatch")
public interface DispatchConfig {

    /** Whether the scheduled jobs run (tests drive them by hand). */
    @WithDefault("true")
    boolean enabled();

    /** How often the dispatcher looks for due tasks. */
    @WithDefault("1s")
    Duration every();

    /** Tasks claimed per round. */
    @WithDefault("50")
    int batchSize();

    /**
     * The most claimed tasks run at the same time per replica (a batch never holds two Jira tasks of one
     * fingerprint). Below it, the number follows from the Jira budget and the latency observed (Little's law:
     * budget x a task's own time, plus headroom), so the default fills any budget; set it to 1 to run tasks one
     * after another.
     */
    @WithDefault("32")
    int concurrency();

    /** How long a claimed task belongs to its worker; after that another replica takes it over. */
    @WithDefault("5m")
    Duration lease();

    /** Attempts before a retryable task is given up as failed. */
    @WithDefault("10")
    int maxAttempts();

    /** First retry delay; doubled per attempt, with jitter, up to {@link #backoffMax()}. */
    @WithDefault("5s")
    Duration backoffBase();

    /** Longest retry delay. */
    @WithDefault("10m")
    Duration backoffMax();

    /**
     * Least wait before retrying a create whose outcome is unknown (5xx, lost answer): Jira's search index must
     * have caught up for the marker-label search to find a ticket that was created after all.
     */
    @WithDefault("30s")
    Duration unknownOutcomeDelay();

    /** How often the rules job looks for fingerprints that need a ticket. */
    @WithDefault("30s")
    Duration rulesEvery();

    /** Fingerprints read per batch by the rules job. */
    @WithDefault("500")
    int rulesBatchSize();
}
