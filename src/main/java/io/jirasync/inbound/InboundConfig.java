package io.jirasync.inbound;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The inbox processor and the reconciliation job (Jira to tracker). */
@ConfigMapping(prefix = "jira-sync.inbound")
public interface InboundConfig {

    /** Whether the scheduled inbox processor and reconciler run (tests drive them by hand). */
    @WithDefault("true")
    boolean enabled();

    /**
     * How often the inbox processor looks for pending webhook deliveries that are due: retries, and deliveries
     * stored by other replicas (a replica that stores one wakes its own processor at once).
     */
    @WithDefault("2s")
    Duration every();

    /** Deliveries claimed per round; their issues are read with one search per 100. */
    @WithDefault("100")
    int batchSize();

    /** Deliveries of different issues applied at the same time by one replica (each reads its issue from Jira). */
    @WithDefault("4")
    int parallelism();

    /** How long a claimed delivery belongs to its replica; after that another one takes it over. */
    @WithDefault("5m")
    Duration lease();

    /** Attempts before a delivery that keeps failing is set aside as failed. */
    @WithDefault("10")
    int maxAttempts();

    /** First retry delay of a failing delivery; doubled per attempt, with jitter, up to {@link #backoffMax()}. */
    @WithDefault("5s")
    Duration backoffBase();

    /** Longest retry delay of a failing delivery. */
    @WithDefault("10m")
    Duration backoffMax();

    /**
     * How old a webhook delivery may be (by its {@code timestamp}) and still be stored for processing; older ones are
     * answered 202 {@code ignored}: a replay, or a retry too late to trust. Stay below the inbox retention, which
     * keeps the dedupe keys and digests of younger deliveries.
     */
    @WithDefault("1d")
    Duration webhookReplayWindow();

    /** How long a value the worker wrote to a ticket is recognised when it comes back from Jira (an echo). */
    @WithDefault("15m")
    Duration echoWindow();

    /** How often each integration is reconciled with a JQL search. */
    @WithDefault("5m")
    Duration reconcileEvery();

    /** How far before the stored cursor each search starts, for Jira's search index lag and minute-precise JQL. */
    @WithDefault("5m")
    Duration reconcileOverlap();

    /** Where the first reconciliation of an integration starts, back from now. */
    @WithDefault("24h")
    Duration reconcileLookback();

    /** Issues per search page. */
    @WithDefault("100")
    int reconcilePageSize();
}
