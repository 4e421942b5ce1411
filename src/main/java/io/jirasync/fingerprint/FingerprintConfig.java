package io.jirasync.fingerprint;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the fingerprint store and the ingest API ({@code jira-sync.fingerprint.*}). */
@ConfigMapping(prefix = "jira-sync.fingerprint")
public interface FingerprintConfig {

    /** Name of the event attribute that carries the release, for projects not listed in {@link #versionAttribute()}. */
    @WithDefault("version")
    String defaultVersionAttribute();

    /**
     * Per tracker project, the attribute that carries the release
     * ({@code jira-sync.fingerprint.version-attribute.shop=release}).
     */
    Map<String, String> versionAttribute();

    /** Largest ingest request body, in bytes; larger bodies get 413. */
    @WithDefault("5242880")
    int maxBodyBytes();

    /** How many values per attribute {@code GET .../fingerprints/{fingerprint}} shows when not asked otherwise. */
    @WithDefault("5")
    int topValues();

    /** How often the fold job adds staged ingest requests to the fingerprints ({@code off} disables it). */
    @WithDefault("1s")
    String foldEvery();

    /**
     * Most staged ingest requests folded in one transaction. More per round means more events merged into each
     * row's single upsert (the fold's cost grows with distinct rows, not events).
     */
    @WithDefault("200")
    int foldBatch();

    /**
     * Most staged ingest requests waiting for the fold (set-aside ones do not count). When that many wait, ingest
     * answers 503 with {@code Retry-After} and stores nothing, instead of letting the backlog grow without limit.
     */
    @WithDefault("10000")
    int maxStagedRequests();

    /** The {@code Retry-After} of an ingest request refused because {@link #maxStagedRequests()} wait. */
    @WithDefault("5s")
    Duration fullRetryAfter();

    /** First wait after a failed fold round (the database is away); doubled per failed round, with jitter. */
    @WithDefault("1s")
    Duration foldBackoffBase();

    /** Longest wait between failed fold rounds. */
    @WithDefault("1m")
    Duration foldBackoffMax();

    /** The version attribute's name for a project. */
    default String versionAttributeOf(String project) {
        return versionAttribute().getOrDefault(project, defaultVersionAttribute());
    }
}
