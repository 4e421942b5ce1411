package io.jirasync.tracker;

import java.net.URI;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.http.Destination;
import io.jirasync.http.OutboundHttp;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.OutboundAddressGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every call to an error tracker (the generic callback, the trackers' APIs): the address guard, the one outbound
 * HTTP client, and {@code jira_sync_tracker_responses_total{tracker, status}}. Blocking.
 */
@ApplicationScoped
public class TrackerHttp {

    // A tracker's answer is only looked at for its status and an error message: a little of it is read.
    private static final long MAX_BODY_BYTES = 64 * 1024;
    private static final String RESPONSES = "jira_sync_tracker_responses";

    /**
     * The tracker's answer, or why there was none: {@code refused} (the URL is not allowed; retrying does not
     * help) or {@code unreachable} (retry), each a sentence; {@code status} is 0 then.
     */
    public record Answer(int status, String retryAfter, String body, String refused, String unreachable) {
    }

    private final OutboundAddressGuard guard;
    private final OutboundHttp http;
    private final TrackerConfig config;
    private final MeterRegistry metrics;

    TrackerHttp(OutboundAddressGuard guard, OutboundHttp http, TrackerConfig config, MeterRegistry metrics) {
        this.guard = guard;
        this.http = http;
        this.config = config;
        this.metrics = metrics;
    }

    /** Sends one request to the tracker of {@code kind}. */
    public Answer send(String kind, String method, URI url, Map<String, String> headers, byte[] body) {
        Destination destination;
        try {
            destination = guard.check(url);
        } catch (JiraException refused) {
            return new Answer(0, null, "", "The tracker URL is refused: " + refused.getMessage() + ".", null);
        }
        try {
            OutboundHttp.Response response = http.send(destination, new OutboundHttp.Request(method, url, headers, body,
                    config.timeout(), config.timeout(), MAX_BODY_BYTES));
            count(kind, Integer.toString(response.status()));
            return new Answer(response.status(), response.header("retry-after").orElse(null), response.text(), null,
                    null);
        } catch (OutboundHttp.TooLarge e) {
            // The status is all that counts, and it came before the oversized body.
            count(kind, Integer.toString(e.status()));
            return new Answer(e.status(), null, "", null, null);
        } catch (OutboundHttp.IoFailure e) {
            count(kind, "io_error");
            return new Answer(0, null, "", null, "The tracker at " + url.getHost() + " could not be reached: "
                    + rootCause(e).getClass().getSimpleName() + ".");
        }
    }

    /** {@code jira_sync_tracker_responses_total{tracker, status}}: the trackers' answers ({@code io_error}: none). */
    private void count(String kind, String status) {
        Counter.builder(RESPONSES).description("Trackers' answers to jira-sync's calls by tracker kind and HTTP status"
                + " (io_error: no answer)").tag("tracker", kind).tag("status", status).register(metrics).increment();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
