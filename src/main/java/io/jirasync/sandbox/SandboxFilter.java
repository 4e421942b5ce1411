package io.jirasync.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.jirasync.problem.Problem;
import io.smallrye.mutiny.Uni;

/**
 * In front of every sandbox endpoint: 404 when the sandbox is off, request counting, added latency, forced
 * failures, Jira's own authentication (basic and bearer PAT), the per-credential budget and the per-issue write
 * limit; after the answer, the status counter and the request journal. Sandbox endpoints carry no {@code @RolesAllowed}, so the worker's bearer mechanism never runs for them.
 */
public class SandboxFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE");
    private static final String COUNTED = "io.jirasync.sandbox.counted";

    private final SandboxConfig config;
    private final SandboxControl control;
    private final SandboxService service;
    private final SandboxCaller caller;

    SandboxFilter(SandboxConfig config, SandboxControl control, SandboxService service, SandboxCaller caller) {
        this.config = config;
        this.control = control;
        this.service = service;
        this.caller = caller;
    }

    @ServerRequestFilter
    public Uni<Response> admit(ContainerRequestContext request, ResourceInfo resource) {
        Class<?> type = resource.getResourceClass();
        boolean jira = type == SandboxJiraResource.class;
        if (!jira && type != SandboxControlResource.class) {
            return Uni.createFrom().nullItem();
        }
        if (!config.enabled()) {
            return Uni.createFrom().item(new Problem(404, "Not Found", "No resource here.").toResponse());
        }
        if (!jira) {
            return Uni.createFrom().nullItem();
        }
        long arrived = System.currentTimeMillis();
        String version = request.getUriInfo().getPathParameters().getFirst("v");
        control.count(request.getMethod() + " " + template(resource, version));
        String written = writtenIssue(request);
        request.setProperty(COUNTED, new Arrival(control.nextArrival(), arrived, request.getMethod(),
                request.getUriInfo().getPath().replaceFirst("^/sandbox/jira", ""),
                presentedUser(request.getHeaderString("Authorization")), written));
        Response refusal = refusal(request, version, written);
        int latency = control.latencyMillis();
        Uni<Response> decision = Uni.createFrom().item(refusal);
        return latency > 0 ? decision.onItem().delayIt().by(Duration.ofMillis(latency)) : decision;
    }

    @ServerResponseFilter
    public void countStatus(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(COUNTED) instanceof Arrival arrival) {
            control.countStatus(response.getStatus());
            control.journal(new SandboxJournal.Entry(arrival.seq(), arrival.at(), System.currentTimeMillis(),
                    arrival.method(), arrival.path(), arrival.user(), arrival.issue(), response.getStatus(),
                    seconds(response.getHeaderString("Retry-After")),
                    response.getHeaderString("RateLimit-Reason")));
        }
    }

    /** What the journal needs of a request before it is answered. */
    private record Arrival(long seq, long at, String method, String path, String user, String issue) {
    }

    /** The issue a POST, PUT or DELETE on {@code issue/{issueIdOrKey}...} writes to, by its key; else null. */
    private String writtenIssue(ContainerRequestContext request) {
        String issue = request.getUriInfo().getPathParameters().getFirst("issueIdOrKey");
        return issue != null && WRITES.contains(request.getMethod()) ? service.canonicalKey(issue) : null;
    }

    /** The user a request claims to be (a Basic login, {@code pat} for a bearer token), before any check. */
    private static String presentedUser(String header) {
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "pat";
        }
        return basic(header).map(BasicLogin::user).orElse(null);
    }

    /** Seconds of a Retry-After header; null when there is none or it is a date. */
    private static Integer seconds(String retryAfter) {
        try {
            return retryAfter == null ? null : Integer.valueOf(retryAfter.trim());
        } catch (NumberFormatException date) {
            return null;
        }
    }

    private Response refusal(ContainerRequestContext request, String version, String writtenIssue) {
        if ("3".equals(version) && !control.cloud()) {
            return Reply.error(404, "null for uri: " + request.getUriInfo().getRequestUri()).toResponse();
        }
        if (control.forcedFailure()) {
            int status = control.failureStatus();
            Response failure = Reply.error(status, "The sandbox was told to fail this request (fault injection).")
                    .toResponse();
            if (status == 429 || status == 503) {
                // As Jira does when it sheds load: say when to come back (an outage of known length: its end).
                long period = control.failingForSeconds();
                Response.ResponseBuilder withWait = Response.fromResponse(failure)
                        .header("Retry-After", period > 0 ? period : control.retryAfterSeconds());
                if (status == 429) {
                    withWait.header("RateLimit-Reason", "jira-burst-based");
                }
                return withWait.build();
            }
            return failure;
        }
        Optional<Authenticated> who = authenticate(request.getHeaderString("Authorization"));
        if (who.isEmpty()) {
            return Response.fromResponse(Reply.error(401,
                    "You are not authenticated. Authentication required to perform this operation.").toResponse())
                    .header("WWW-Authenticate", "Basic realm=\"protected-area\"").build();
        }
        String base = config.baseUrl().orElseGet(() -> {
            String uri = request.getUriInfo().getBaseUri().toString();
            return (uri.endsWith("/") ? uri : uri + "/") + "sandbox/jira";
        });
        caller.set(who.get().user(), base);
        SandboxControl.Limit limit = control.overBudget(who.get().credential());
        if (limit == null && writtenIssue != null) {
            limit = control.overIssueWrites(writtenIssue);
        }
        return limit == null ? null : tooMany(limit);
    }

    private static Response tooMany(SandboxControl.Limit limit) {
        long wait = Math.max(1, (limit.resetEpochMillis() - System.currentTimeMillis() + 999) / 1000);
        return Response.fromResponse(Reply.error(429, "Rate limit exceeded.").toResponse())
                .header("Retry-After", wait)
                .header("X-RateLimit-Limit", limit.limit())
                .header("X-RateLimit-Remaining", 0)
                .header("X-RateLimit-Reset", Instant.ofEpochMilli(limit.resetEpochMillis()).toString())
                .header("RateLimit-Reason", limit.reason())
                .build();
    }

    private record Authenticated(SandboxCatalog.User user, String credential) {
    }

    private Optional<Authenticated> authenticate(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return same(header.substring(7).trim(), config.personalAccessToken())
                    ? service.catalog().userByAccountId(SandboxCatalog.BOT_ACCOUNT_ID)
                            .map(u -> new Authenticated(u, "pat:" + u.accountId()))
                    : Optional.empty();
        }
        return basic(header).filter(login -> same(login.password(), config.apiToken()))
                .flatMap(login -> service.catalog().userByLogin(login.user()))
                .map(u -> new Authenticated(u, "basic:" + u.accountId()));
    }

    private record BasicLogin(String user, String password) {
    }

    /** User and password of a Basic header; empty when it is none or cannot be read. Checks nothing. */
    private static Optional<BasicLogin> basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty()
                : Optional.of(new BasicLogin(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code /rest/api/3/issue/{issueIdOrKey}}: the resource's path with the version filled in. */
    private static String template(ResourceInfo resource, String version) {
        String classPath = resource.getResourceClass().getAnnotation(Path.class).value();
        Path methodPath = resource.getResourceMethod().getAnnotation(Path.class);
        String path = classPath + (methodPath == null ? "" : "/" + methodPath.value().replaceFirst("^/", ""));
        return path.replace("/sandbox/jira", "").replace("{v:[23]}", version);
    }
}
