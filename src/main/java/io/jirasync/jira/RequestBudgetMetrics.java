package io.jirasync.jira;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The request budget as this replica sees it, per site id (never the URL): requests admitted, waits for the budget,
 * requests in flight, and the site's pauses by reason ({@code burst}, {@code quota}, {@code server}). A pause is
 * known to a replica once it met it (a 429/503, or an admission refused for it), so every replica that has work
 * for a paused site shows it. Kept for at most {@code jira-sync.jira.site-cache-size} sites; an evicted site's
 * meters go with it.
 */
@ApplicationScoped
class RequestBudgetMetrics {

    static final String REQUESTS = "jira_sync_budget_requests";
    static final String WAITS = "jira_sync_budget_waits";
    static final String WAIT = "jira_sync_budget_wait";
    static final String IN_FLIGHT = "jira_sync_budget_in_flight";
    static final String PAUSED = "jira_sync_site_paused";
    static final String PAUSES = "jira_sync_site_pauses";
    static final List<String> NAMES = List.of(REQUESTS, WAITS, WAIT, IN_FLIGHT, PAUSED, PAUSES);
    /** Why a site pauses: a burst 429, a quota 429, or a 503 with a retry time. */
    static final List<String> REASONS = List.of("burst", "quota", "server");

    /** One site's meters and pause ends. */
    private final class Site {
        final String id;
        final Counter requests;
        final Counter waits;
        final Timer wait;
        final AtomicInteger inFlight = new AtomicInteger();
        final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

        Site(String id) {
            this.id = id;
            requests = Counter.builder(REQUESTS).description("Requests to the Jira site that its budget admitted")
                    .tag("site", id).register(registry);
            waits = Counter.builder(WAITS).description("Sleeps of requests waiting for the Jira site's budget or pause")
                    .tag("site", id).register(registry);
            wait = Timer.builder(WAIT).description("Time requests slept waiting for the Jira site's budget or pause")
                    .tag("site", id).register(registry);
            Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get)
                    .description("Requests of this replica to the Jira site admitted and not yet answered")
                    .tag("site", id).strongReference(true).register(registry);
            for (String reason : REASONS) {
                Gauge.builder(PAUSED, pausedUntil, m -> paused(m.get(reason)))
                        .description("1 while the Jira site is paused for this reason (burst, quota, server), else 0")
                        .tags("site", id, "reason", reason).strongReference(true).register(registry);
                pauses(reason);
            }
        }

        Counter pauses(String reason) {
            return Counter.builder(PAUSES).description("Pauses of the Jira site that started, by reason")
                    .tags("site", id, "reason", reason).register(registry);
        }
    }

    private final MeterRegistry registry;
    private final Cache<String, Site> sites;

    RequestBudgetMetrics(MeterRegistry registry, JiraConfig config) {
        this.registry = registry;
        this.sites = Caffeine.newBuilder().maximumSize(config.siteCacheSize()).expireAfterAccess(Duration.ofHours(1))
                .executor(Runnable::run).<String, Site> removalListener((id, site, cause) -> forget(id)).build();
    }

    void admitted(String id) {
        Site site = site(id);
        site.requests.increment();
        site.inFlight.incrementAndGet();
    }

    void released(String id) {
        site(id).inFlight.decrementAndGet();
    }

    void waited(String id, long millis) {
        Site site = site(id);
        site.waits.increment();
        site.wait.record(millis, TimeUnit.MILLISECONDS);
    }

    /** The site is paused for {@code reason} until {@code until}; {@code started} counts a new pause. */
    void paused(String id, String reason, Instant until, boolean started) {
        Site site = site(id);
        site.pausedUntil.merge(reason, until, (a, b) -> a.isAfter(b) ? a : b);
        if (started) {
            site.pauses(reason).increment();
        }
    }

    /** The latest end of a pause of the site this replica knows of; null when it knows of none still running. */
    Instant pausedUntil(String id) {
        Site site = sites.getIfPresent(id);
        Instant now = Instant.now();
        return site == null ? null
                : site.pausedUntil.values().stream().filter(now::isBefore).max(Instant::compareTo).orElse(null);
    }

    /** True while this replica knows the site to be paused for {@code reason}. */
    boolean pausedFor(String id, String reason) {
        Site site = sites.getIfPresent(id);
        return site != null && paused(site.pausedUntil.get(reason)) > 0;
    }

    private Site site(String id) {
        return sites.get(id, Site::new);
    }

    private static double paused(Instant until) {
        return until != null && until.isAfter(Instant.now()) ? 1 : 0;
    }

    private void forget(String id) {
        for (Meter meter : registry.getMeters()) {
            if (id.equals(meter.getId().getTag("site")) && NAMES.contains(meter.getId().getName())) {
                registry.remove(meter);
            }
        }
    }
}
