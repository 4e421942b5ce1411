package io.jirasync.jira;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.jirasync.http.Destination;
import io.jirasync.http.OutboundHttp;
import io.jirasync.jira.auth.JiraAuth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.Guard;

/**
 * How the client reaches each Jira site: the address guard's one checked address per call, requests through the shared
 * {@link OutboundHttp}, and a circuit breaker per site. Sites are named by their opaque {@link JiraSiteIds id} in
 * breaker names and metrics; at most {@code jira-sync.jira.site-cache-size} breakers are kept.
 */
@ApplicationScoped
class JiraConnections {

    private static final String RESPONSES = "jira_sync_jira_responses";
    /** The header with each request's send time, epoch milliseconds of the worker's clock. */
    public static final String SENT_AT = "X-Jira-Sync-Sent-At";
    // A breaker unused this long has nothing left to remember: it would have closed long ago.
    private static final Duration BREAKER_IDLE = Duration.ofHours(1);

    private final JiraConfig config;
    private final OutboundAddressGuard addressGuard;
    private final OutboundHttp http;
    private final JiraSiteIds siteIds;
    private final Instance<JiraRequestListener> listeners;
    private final MeterRegistry metrics;
    private final Cache<String, Guard> breakers;
    private final JiraSpans spans;
    private final JiraAuth auth;

    JiraConnections(JiraConfig config, OutboundAddressGuard addressGuard, OutboundHttp http, JiraSiteIds siteIds,
            Instance<JiraRequestListener> listeners, MeterRegistry metrics, Tracer tracer, JiraAuth auth) {
        this.spans = new JiraSpans(tracer);
        this.config = config;
        this.auth = auth;
        this.addressGuard = addressGuard;
        this.http = http;
        this.siteIds = siteIds;
        this.listeners = listeners;
        this.metrics = metrics;
        this.breakers = Caffeine.newBuilder()
                .maximumSize(config.siteCacheSize())
                .expireAfterAccess(BREAKER_IDLE)
                .executor(Runnable::run)
                .<String, Guard> removalListener((id, breaker, cause) -> forgetMetrics(id))
                .build();
    }

    /**
     * The site's API for one call. The guard checks the URL and resolves its host now (DNS answers change), and every
     * request of the call connects to the one address it checked. Scoped and OAuth sites are called through
     * Atlassian's API gateway ({@link JiraAuth#restBase}), whose address is the one checked then.
     */
    JiraRestApi api(JiraSite site) {
        URI base = auth.restBase(site);
        Destination destination = addressGuard.check(site.viaGateway() ? base : site.url());
        String id = siteIds.of(site);
        return new JiraRestApi(base, (method, uri, body) -> send(site, id, destination, method, uri, body));
    }

    /** The site's circuit breaker, named {@code jira <site id>}; only site failures count. */
    Guard breaker(JiraSite site) {
        return breakers.get(siteIds.of(site), id -> Guard.create()
                .withDescription(breakerName(id))
                .withCircuitBreaker()
                .requestVolumeThreshold(config.circuitBreaker().requestVolume())
                .failureRatio(config.circuitBreaker().failureRatio())
                .delay(config.circuitBreaker().delay().toMillis(), ChronoUnit.MILLIS)
                .when(failure -> failure instanceof JiraException e && e.siteFailure())
                .onStateChange(state -> Log.warnf("Circuit breaker of Jira site %s (%s) is now %s", id, site.url(),
                        state))
                .done()
                .build());
    }

    private OutboundHttp.Response send(JiraSite site, String id, Destination destination, String method, URI uri,
            String body) {
        // Listeners see the request without its headers, so they never see credentials.
        listeners.forEach(l -> l.sending(method, uri, body));
        OutboundHttp.Request request = new OutboundHttp.Request(method, uri, headers(site, body != null),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), config.connectTimeout(),
                config.readTimeout(), config.maxResponseSize().asLongValue());
        return spans.traced(method, uri, id, () -> {
            try {
                OutboundHttp.Response response = http.send(destination, request);
                count(id, response.status());
                auth.answered(site, uri, response);
                return response;
            } catch (OutboundHttp.TooLarge e) {
                count(id, e.status());
                throw e;
            }
        });
    }

    /** Counts Jira's answers by status and site id: {@code jira_sync_jira_responses_total{status, site}}. */
    private void count(String id, int status) {
        Counter.builder(RESPONSES).tag("status", Integer.toString(status)).tag("site", id)
                .description("Jira's answers by HTTP status and site (opaque site id)").register(metrics).increment();
    }

    // The Authorization header is built here for each request (by auth type, see JiraAuth) and never logged.
    private Map<String, String> headers(JiraSite site, boolean hasBody) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", auth.authorization(site));
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "jira-sync");
        // When the request leaves (epoch ms; no secret): lets a journal tell requests sent after a 429 was answered
        // from those already in flight (reliability.md, RateLimitReliabilityIT).
        headers.put(SENT_AT, Long.toString(System.currentTimeMillis()));
        if (hasBody) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }

    private static String breakerName(String id) {
        return "jira " + id;
    }

    // An evicted breaker's meters (SmallRye's ft_*, tagged method="jira <id>") and the site's response counters go
    // with it, so that the metrics stay as bounded as the cache.
    private void forgetMetrics(String id) {
        String name = breakerName(id);
        for (Meter meter : metrics.getMeters()) {
            Meter.Id meterId = meter.getId();
            if (name.equals(meterId.getTag("method"))
                    || (RESPONSES.equals(meterId.getName()) && id.equals(meterId.getTag("site")))) {
                metrics.remove(meter);
            }
        }
    }
}
