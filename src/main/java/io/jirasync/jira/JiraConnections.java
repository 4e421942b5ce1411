package io.jirasync.jira;

import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;

/**
 * One REST client per Jira site (kept, so its connection pool is reused) and one named circuit breaker per site.
 * A client is built only after {@link OutboundAddressGuard} accepted the URL.
 */
@ApplicationScoped
class JiraConnections {

    private final JiraConfig config;
    private final OutboundAddressGuard addressGuard;
    private final Map<JiraSite, JiraRestApi> clients = new ConcurrentHashMap<>();
    private final Map<String, Guard> breakers = new ConcurrentHashMap<>();
    private final Instance<JiraRequestListener> listeners;

    private final MeterRegistry metrics;

    JiraConnections(JiraConfig config, OutboundAddressGuard addressGuard, Instance<JiraRequestListener> listeners,
            MeterRegistry metrics) {
        this.config = config;
        this.addressGuard = addressGuard;
        this.listeners = listeners;
        this.metrics = metrics;
    }

    /** The client for this site; checks the address every time, because DNS answers can change. */
    JiraRestApi api(JiraSite site) {
        addressGuard.check(site.url());
        return clients.computeIfAbsent(site, this::build);
    }

    /** The site's circuit breaker, named {@code jira <url>#<credential digest>}; only site failures count. */
    Guard breaker(JiraSite site) {
        return breakers.computeIfAbsent(site.budgetKey(), key -> Guard.create()
                .withDescription("jira " + key)
                .withCircuitBreaker()
                .name("jira " + key)
                .requestVolumeThreshold(config.circuitBreaker().requestVolume())
                .failureRatio(config.circuitBreaker().failureRatio())
                .delay(config.circuitBreaker().delay().toMillis(), ChronoUnit.MILLIS)
                .when(failure -> failure instanceof JiraException e && e.siteFailure())
                .onStateChange(state -> Log.warnf("Circuit breaker of Jira at %s is now %s", site.url(), state))
                .done()
                .build());
    }

    private JiraRestApi build(JiraSite site) {
        Log.debugf("Building the REST client for %s", site);
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(site.restBase())
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // Error statuses come back as responses: JiraClient turns them into JiraException with the body.
                .disableDefaultMapper(true)
                // A redirect could lead past the address guard.
                .followRedirects(false)
                .userAgent("jira-sync")
                .register(new Authorization(site))
                .register(new Listeners(listeners))
                .register(new ResponseCounter(metrics, site.url().getHost()))
                .build(JiraRestApi.class);
    }

    @PreDestroy
    void closeAll() {
        clients.values().forEach(JiraRestApi::close);
        clients.clear();
    }

    /** Tells the {@link JiraRequestListener} beans about each request, without its headers. */
    private record Listeners(Instance<JiraRequestListener> listeners) implements ClientRequestFilter {

        @Override
        public void filter(ClientRequestContext request) {
            if (listeners.isUnsatisfied()) {
                return;
            }
            String body = request.hasEntity() ? String.valueOf(request.getEntity()) : null;
            listeners.forEach(l -> l.sending(request.getMethod(), request.getUri(), body));
        }
    }

    /** Counts Jira's answers by status and host: {@code jira_sync_jira_responses_total{status, host}}. */
    private record ResponseCounter(MeterRegistry metrics, String host) implements ClientResponseFilter {

        @Override
        public void filter(ClientRequestContext request, ClientResponseContext response) {
            metrics.counter("jira_sync_jira_responses", "status", Integer.toString(response.getStatus()),
                    "host", host).increment();
        }
    }

    /** Adds the site's Authorization header to every request; the header value is built here and never logged. */
    private static final class Authorization implements ClientRequestFilter {

        private final String value;

        Authorization(JiraSite site) {
            this.value = switch (site.authType()) {
                case BASIC -> "Basic " + Base64.getEncoder()
                        .encodeToString((site.user() + ":" + site.secret()).getBytes(StandardCharsets.UTF_8));
                case BEARER -> "Bearer " + site.secret();
            };
        }

        @Override
        public void filter(ClientRequestContext request) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, value);
        }

        @Override
        public String toString() {
            return "Authorization[***]";
        }
    }
}
