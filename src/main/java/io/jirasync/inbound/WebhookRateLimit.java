package io.jirasync.inbound;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * The webhook receiver's flood guard: a {@link TokenBucket} per client address and per integration, in memory on
 * each replica, in bounded caches. Refusals are counted in {@code jira_sync_webhook_rate_limited_total{limit}}.
 */
@ApplicationScoped
public class WebhookRateLimit {

    private final WebhookConfig.RateLimit limits;
    private final Cache<String, TokenBucket> clients;
    private final Cache<String, TokenBucket> integrations;
    private final Counter clientRefusals;
    private final Counter integrationRefusals;

    WebhookRateLimit(WebhookConfig config, MeterRegistry registry) {
        this.limits = config.rateLimit();
        // A bucket left alone for a period is full again: forgetting it then changes nothing.
        Duration idle = limits.period().compareTo(Duration.ofMinutes(1)) > 0 ? limits.period() : Duration.ofMinutes(1);
        this.clients = Caffeine.newBuilder().maximumSize(limits.maxClients()).expireAfterAccess(idle).recordStats()
                .build();
        this.integrations = Caffeine.newBuilder().maximumSize(limits.maxClients()).expireAfterAccess(idle)
                .recordStats().build();
        CaffeineCacheMetrics.monitor(registry, clients, "webhook-rate-limit-clients");
        CaffeineCacheMetrics.monitor(registry, integrations, "webhook-rate-limit-integrations");
        this.clientRefusals = refusals(registry, "client");
        this.integrationRefusals = refusals(registry, "integration");
    }

    private static Counter refusals(MeterRegistry registry, String limit) {
        return Counter.builder("jira_sync_webhook_rate_limited_total").tag("limit", limit)
                .description("Webhook requests answered 429 by the receiver's rate limit").register(registry);
    }

    /** Empty when this client address may send one more request now; otherwise how long until it may. */
    public Optional<Duration> client(String address) {
        return take(clients, address, limits.perClient(), clientRefusals);
    }

    /** Empty when the integration may take one more delivery now; otherwise how long until it may. */
    public Optional<Duration> integration(String project) {
        return take(integrations, project, limits.perIntegration(), integrationRefusals);
    }

    /** The client limit as a sentence shows it: {@code 2000 per 1 s}. */
    String clientLimit() {
        return limits.perClient() + " per " + Durations.human(limits.period());
    }

    /** The integration limit as a sentence shows it. */
    String integrationLimit() {
        return limits.perIntegration() + " per " + Durations.human(limits.period());
    }

    private Optional<Duration> take(Cache<String, TokenBucket> buckets, String key, int limit, Counter refusals) {
        if (limit <= 0) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        Optional<Duration> wait = buckets.get(key, k -> new TokenBucket(limit, limits.period(), now)).take(now);
        if (wait.isPresent()) {
            refusals.increment();
        }
        return wait;
    }
}
