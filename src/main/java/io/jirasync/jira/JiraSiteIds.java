package io.jirasync.jira;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The opaque id of a Jira site ({@code site-} and 12 random hex digits), by which its request budget, circuit breaker,
 * metrics and log lines name it: neither its URL nor anything derived from its credential. Ids are kept in
 * {@code jira_site}, the same for every replica; the last {@code jira-sync.jira.site-cache-size} are kept in memory.
 */
@ApplicationScoped
public class JiraSiteIds {

    private final JiraSiteRepository repository;
    private final Cache<JiraSite.Account, String> ids;

    JiraSiteIds(JiraSiteRepository repository, JiraConfig config) {
        this.repository = repository;
        this.ids = Caffeine.newBuilder().maximumSize(config.siteCacheSize()).executor(Runnable::run).build();
    }

    /** The site's id; stored at its first use. */
    public String of(JiraSite site) {
        return ids.get(site.account(),
                account -> QuarkusTransaction.requiringNew().call(() -> repository.idOf(account)));
    }
}
