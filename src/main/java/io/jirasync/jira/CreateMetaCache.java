package io.jirasync.jira;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.jira.dto.CreateMeta;

/**
 * Create metadata per site and project, reused for {@code jira-sync.jira.createmeta-cache-ttl}. Dropped early when
 * Jira rejects a create for a field reason, because that usually means the project's fields changed.
 */
@ApplicationScoped
public class CreateMetaCache {

    private record Entry(CreateMeta meta, Instant expires) {
    }

    private final JiraConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public CreateMetaCache(JiraConfig config) {
        this.config = config;
    }

    CreateMeta get(JiraSite site, String projectKey) {
        Entry entry = entries.get(key(site, projectKey));
        return entry == null || entry.expires().isBefore(clock.instant()) ? null : entry.meta();
    }

    void put(JiraSite site, String projectKey, CreateMeta meta) {
        entries.put(key(site, projectKey), new Entry(meta, clock.instant().plus(config.createmetaCacheTtl())));
    }

    /** Forgets the project's metadata, so that the next lookup asks Jira again. */
    public void invalidate(JiraSite site, String projectKey) {
        entries.remove(key(site, projectKey));
    }

    private static String key(JiraSite site, String projectKey) {
        return site.budgetKey() + "|" + site.apiVersion() + "|" + projectKey.toUpperCase(java.util.Locale.ROOT);
    }
}
