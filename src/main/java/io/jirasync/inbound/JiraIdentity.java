package io.jirasync.inbound;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.dto.JiraUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.logging.Log;

/**
 * Who jira-sync is at each Jira ({@code GET /myself}, asked once an hour per site and credential), to write JQL
 * dates in its account's time zone. Whose account made a change decides nothing: echoes are told by the ledger of
 * jira-sync's own writes alone.
 */
@ApplicationScoped
public class JiraIdentity {

    /** Sites (URL and credential) remembered; an integration's site is asked again when it was dropped. */
    static final int MAX_SITES = 1000;

    private final JiraClient jira;
    private final Cache<JiraSite, JiraUser> myself = Caffeine.newBuilder().maximumSize(MAX_SITES)
            .expireAfterWrite(Duration.ofHours(1)).recordStats().build();

    JiraIdentity(JiraClient jira, MeterRegistry registry) {
        this.jira = jira;
        CaffeineCacheMetrics.monitor(registry, myself, "jira-identity");
    }

    /** The zone Jira reads this account's JQL dates in; UTC when Jira does not say. */
    public ZoneId timeZone(JiraSite site) {
        return myself(site).map(JiraUser::timeZone).map(zone -> {
            try {
                return ZoneId.of(zone);
            } catch (DateTimeException e) {
                Log.warnf("Jira at %s names an unknown time zone %s; JQL dates are written in UTC", site.url(), zone);
                return (ZoneId) ZoneOffset.UTC;
            }
        }).orElse(ZoneOffset.UTC);
    }

    private Optional<JiraUser> myself(JiraSite site) {
        JiraUser known = myself.getIfPresent(site);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            // Asked outside the cache's lock: Jira may be slow, and a failure is not remembered.
            JiraUser me = jira.myself(site);
            myself.put(site, me);
            return Optional.of(me);
        } catch (JiraException e) {
            Log.warnf("Could not read jira-sync's own Jira account at %s: %s", site.url(), e.getMessage());
            return Optional.empty();
        }
    }
}
