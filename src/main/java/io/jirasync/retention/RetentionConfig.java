package io.jirasync.retention;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long finished rows are kept and how retention deletes them ({@code jira-sync.retention.*}). */
@ConfigMapping(prefix = "jira-sync.retention")
public interface RetentionConfig {

    /** How often retention runs ({@code off} disables it; the tests run {@link RetentionJob#runOnce()} themselves). */
    @WithDefault("1h")
    String every();

    /** Age, since it was processed, after which an applied or ignored webhook delivery is deleted. */
    @WithDefault("30d")
    Duration inbox();

    /** Age, since it finished, after which a done task is deleted (failed ones wait for an admin and stay). */
    @WithDefault("30d")
    Duration tasks();

    /** Age after which a sync-log line is deleted. */
    @WithDefault("90d")
    Duration syncLog();

    /** Most rows deleted in one transaction. */
    @WithDefault("1000")
    int batchSize();
}
