package io.jirasync.jira;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.jirasync.jira.dto.CreateMeta;

/**
 * Create metadata per site, credential and project, reused for {@code jira-sync.jira.createmeta-cache-ttl}, for at
 * most {@code jira-sync.jira.createmeta-cache-size} projects (beyond it the least used are dropped). Dropped early when Jira
 * rejects a create for a field reason, because that usually means the project's fields changed.
 */
@ApplicationScoped
public class CreateMetaCache {

    // The whole site, credential included: what a user may see of a project's fields depends on who asks. In memory
    // only, and JiraSite.toString() masks the secret.
    private record Key(JiraSite site, String projectKey) {
    }

    private final Cache<Key, CreateMeta> entries;

    public CreateMetaCache(JiraConfig config) {
        this.entries = Caffeine.newBuilder()
                .maximumSize(config.createmetaCacheSize())
                .expireAfterWrite(config.createmetaCacheTtl())
                // Evictions happen during the call that overfilled the cache, not later on another thread.
                .executor(Runnable::run)
                .build();
    }

    CreateMeta get(JiraSite site, String projectKey) {
        return entries.getIfPresent(key(site, projectKey));
    }

    void put(JiraSite site, String projectKey, CreateMeta meta) {
        entries.put(key(site, projectKey), meta);
    }

    /** Forgets the project's metadata, so that the next lookup asks Jira again. */
    public void invalidate(JiraSite site, String projectKey) {
        entries.invalidate(key(site, projectKey));
    }

    private static Key key(JiraSite site, String projectKey) {
        return new Key(site, projectKey.toUpperCase(Locale.ROOT));
    }
}
