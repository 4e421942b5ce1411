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
 * limit. Sandbox endpoints carry no {@code @RolesAllowed}, so the worker's bearer mechanism never runs for them.
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
        String version = request.getUriInfo().getPathParameters().getFirst("v");
        control.count(request.getMethod() + " " + template(resource, version));
        request.setProperty(COUNTED, Boolean.TRUE);
        Response refusal = refusal(request, version);
        int latency = control.latencyMillis();
        Uni<Response> decision = Uni.createFrom().item(refusal);
        return latency > 0 ? decision.onItem().delayIt().by(Duration.ofMillis(latency)) : decision;
    }

    @ServerResponseFilter
    public void countStatus(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(COUNTED) != null) {
            control.countStatus(response.getStatus());
        }
    }

    private Response refusal(ContainerRequestContext request, String version) {
        if ("3".equals(version) && !control.cloud()) {
            return Reply.error(404, "null for uri: " + request.getUriInfo().getRequestUri()).toResponse();
        }
        if (control.forcedFailure()) {
            int status = control.failureStatus();
            Response failure = Reply.error(status, "The sandbox was told to fail this request (fault injection).")
                    .toResponse();
            if (status == 429 || status == 503) {
                // As Jira does when it sheds load: say when to come back.
                Response.ResponseBuilder withWait = Response.fromResponse(failure)
                        .header("Retry-After", control.retryAfterSeconds());
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
        String issue = request.getUriInfo().getPathParameters().getFirst("issueIdOrKey");
        if (limit == null && issue != null && WRITES.contains(request.getMethod())) {
            limit = control.overIssueWrites(service.canonicalKey(issue));
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
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0 || !same(decoded.substring(colon + 1), config.apiToken())) {
                return Optional.empty();
            }
            return service.catalog().userByLogin(decoded.substring(0, colon))
                    .map(u -> new Authenticated(u, "basic:" + u.accountId()));
        }
        return Optional.empty();
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
