package io.jirasync.jira;

import java.net.URI;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.jirasync.http.OutboundHttp;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * One client span per request to Jira, named {@code jira <METHOD> <path template>} such as
 * {@code jira GET /rest/api/3/issue/{issueIdOrKey}}: method, path template, status code and the opaque site id. Never
 * a header, a query string or a body, so no credential or secret can reach a trace.
 */
final class JiraSpans {

    private static final Pattern CREATEMETA = Pattern.compile("/issue/createmeta/[^/]+/issuetypes/[^/]+$");
    private static final Pattern CREATEMETA_TYPES = Pattern.compile("/issue/createmeta/[^/]+/issuetypes$");
    private static final Pattern ISSUE = Pattern.compile("/issue/(?!createmeta(/|$))[^/]+");
    private static final Pattern PROJECT = Pattern.compile("/project/[^/]+");
    private static final Pattern WEBHOOK = Pattern.compile("(/rest/webhooks/1\\.0/webhook)/[^/]+$");

    private final Tracer tracer;

    JiraSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Runs one request inside its span; the span ends with the response's status, or the failure's. */
    OutboundHttp.Response traced(String method, URI uri, String site, Supplier<OutboundHttp.Response> request) {
        String template = template(uri.getRawPath());
        Span span = tracer.spanBuilder("jira " + method + " " + template).setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", method).setAttribute("url.template", template)
                .setAttribute("jira_sync.jira.site", site).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            OutboundHttp.Response response = request.get();
            span.setAttribute("http.response.status_code", (long) response.status());
            if (response.status() >= 400) {
                span.setStatus(StatusCode.ERROR, "HTTP " + response.status());
            }
            return response;
        } catch (RuntimeException e) {
            // The class only: a message can quote a URL or an answer, and the span must carry nothing of either.
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            span.setAttribute("error.type", e.getClass().getName());
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * The path from {@code /rest/} on (a Server's context path left out) with every key and id replaced by the
     * name of its parameter, as Atlassian's reference writes them.
     */
    static String template(String path) {
        int rest = path.indexOf("/rest/");
        String p = rest >= 0 ? path.substring(rest) : path;
        if (CREATEMETA.matcher(p).find()) {
            return CREATEMETA.matcher(p).replaceFirst("/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}");
        }
        if (CREATEMETA_TYPES.matcher(p).find()) {
            return CREATEMETA_TYPES.matcher(p).replaceFirst("/issue/createmeta/{projectIdOrKey}/issuetypes");
        }
        p = ISSUE.matcher(p).replaceFirst("/issue/{issueIdOrKey}");
        p = PROJECT.matcher(p).replaceFirst("/project/{projectIdOrKey}");
        return WEBHOOK.matcher(p).replaceFirst("$1/{id}");
    }
}
