package io.jirasync.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * In front of every Jira endpoint of the sandbox: request counting by path template, added latency, forced
 * failures, Jira's own authentication (basic and bearer PAT), the per-credential budget and the per-issue write
 * limit; after the answer, the status counter and the request journal.
 */
final class SandboxGate {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE");
    private static final String ADMITTED = "io.jirasync.sandbox.admitted";
    private static final String PADDING = "io.jirasync.sandbox.padding";
    /** Sent by jira-sync (not by Jira's other clients): when the request left, epoch ms of the client's clock. */
    private static final String SENT_AT = "X-Jira-Sync-Sent-At";

    private final SandboxConfig config;
    private final SandboxControl control;
    private final SandboxService service;
    private final SandboxAtlassianAuth atlassian;

    SandboxGate(SandboxConfig config, SandboxControl control, SandboxService service, SandboxAtlassianAuth atlassian) {
        this.config = config;
        this.atlassian = atlassian;
        this.control = control;
        this.service = service;
    }

    /** The request as the gate admitted it (its caller authenticated), for the endpoint behind it. */
    static SandboxRequest admitted(RoutingContext context) {
        return context.get(ADMITTED);
    }

    /** How many spaces the endpoint's JSON answer is to end in ({@code paddingBytes} when the request arrived). */
    static int padding(RoutingContext context) {
        Integer padding = context.get(PADDING);
        return padding == null ? 0 : padding;
    }

    /** The gate of one endpoint, counted under {@code template} such as {@code GET /rest/api/3/issue/{issueIdOrKey}}. */
    Handler<RoutingContext> admitting(String template, int version) {
        return context -> admit(context, template, version);
    }

    private void admit(RoutingContext context, String template, int version) {
        long arrived = System.currentTimeMillis();
        String method = context.request().method().name();
        control.count(template);
        context.put(PADDING, control.paddingBytes());
        String written = writtenIssue(context, method);
        Arrival arrival = new Arrival(control.nextArrival(), arrived, method,
                context.normalizedPath().replaceFirst("^.*?/sandbox/jira", ""),
                presentedUser(context.request().getHeader("Authorization")), written,
                millis(context.request().getHeader(SENT_AT)));
        context.addHeadersEndHandler(done -> journal(arrival, context.response()));
        // Decided on arrival, answered after the added latency, as the JAX-RS filter did.
        Reply refusal = refusal(context, version, written);
        Runnable decide = refusal == null ? context::next : () -> refusal.send(context.response());
        int latency = control.latencyMillis();
        if (latency > 0) {
            context.vertx().setTimer(latency, timer -> decide.run());
        } else {
            decide.run();
        }
    }

    private void journal(Arrival arrival, HttpServerResponse response) {
        control.countStatus(response.getStatusCode());
        control.journal(new SandboxJournal.Entry(arrival.seq(), arrival.sentAt(), arrival.at(),
                System.currentTimeMillis(), arrival.method(), arrival.path(), arrival.user(), arrival.issue(),
                response.getStatusCode(),
                seconds(response.headers().get("Retry-After")), response.headers().get("RateLimit-Reason")));
    }

    /** What the journal needs of a request before it is answered. */
    private record Arrival(long seq, long at, String method, String path, String user, String issue, Long sentAt) {
    }

    /** The epoch ms of a client's {@code X-Jira-Sync-Sent-At} header; null when there is none or it is no number. */
    private static Long millis(String sentAt) {
        try {
            return sentAt == null ? null : Long.valueOf(sentAt.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The issue a POST, PUT or DELETE on {@code issue/{issueIdOrKey}...} writes to, by its key; else null. */
    private String writtenIssue(RoutingContext context, String method) {
        String issue = context.pathParam("issueIdOrKey");
        return issue != null && WRITES.contains(method) ? service.canonicalKey(issue) : null;
    }

    /**
     * The user a request claims to be (a Basic login, {@code pat} for a bearer token; {@code oauth} for an OAuth
     * access token and {@code scoped:<user>} for a scoped token, see {@link SandboxAtlassianAuth}), before any check.
     */
    private String presentedUser(String header) {
        Optional<String> atlassianCaller = atlassian.presented(header);
        if (atlassianCaller.isPresent()) {
            return atlassianCaller.get();
        }
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

    /** Why a request may not reach its endpoint (its headers already set); null when admitted with its caller. */
    private Reply refusal(RoutingContext context, int version, String writtenIssue) {
        HttpServerResponse response = context.response();
        if (version == 3 && !control.cloud()) {
            return Reply.error(404, "null for uri: " + context.request().absoluteURI());
        }
        if (control.forcedFailure()) {
            int status = control.failureStatus();
            if (status == 429 || status == 503) {
                // As Jira does when it sheds load: say when to come back (an outage of known length: its end).
                long period = control.failingForSeconds();
                response.putHeader("Retry-After", String.valueOf(period > 0 ? period : control.retryAfterSeconds()));
                if (status == 429) {
                    response.putHeader("RateLimit-Reason", "jira-burst-based");
                }
            }
            return Reply.error(status, "The sandbox was told to fail this request (fault injection).");
        }
        // Through Atlassian's API gateway (/ex/jira/{cloudId}/...): its cloudId and its credentials.
        String cloudId = context.pathParam("cloudId");
        Reply unknownSite = cloudId == null ? null : atlassian.unknownSite(cloudId);
        if (unknownSite != null) {
            return unknownSite;
        }
        Optional<Authenticated> who = cloudId == null ? authenticate(context.request().getHeader("Authorization"))
                : atlassian.throughGateway(context.request().getHeader("Authorization"))
                        .map(caller -> new Authenticated(caller.user(), caller.credential()));
        if (who.isEmpty() && cloudId != null) {
            return atlassian.unauthorized();
        }
        if (who.isEmpty()) {
            response.putHeader("WWW-Authenticate", "Basic realm=\"protected-area\"");
            return Reply.error(401, "You are not authenticated. Authentication required to perform this operation.");
        }
        SandboxControl.Limit limit = control.overBudget(who.get().credential());
        if (limit == null) {
            SandboxControl.Limit quota = control.quota(who.get().credential());
            if (quota != null) {
                quotaHeaders(quota, response);
                limit = quota.exceeded() ? quota : null;
            }
        }
        if (limit == null && writtenIssue != null) {
            limit = control.overIssueWrites(writtenIssue);
        }
        if (limit != null) {
            return tooMany(limit, response);
        }
        context.put(ADMITTED, new SandboxRequest(context,
                new Call(base(context), version, control.cloud(), who.get().user())));
        return null;
    }

    /** The configured base URL, else the one the request was sent to. */
    private String base(RoutingContext context) {
        return config.baseUrl().orElseGet(() -> {
            URI uri = URI.create(context.request().absoluteURI());
            return uri.getScheme() + "://" + uri.getRawAuthority() + "/sandbox/jira";
        });
    }

    private static Reply tooMany(SandboxControl.Limit limit, HttpServerResponse response) {
        String wait = String.valueOf(secondsUntil(limit.resetEpochMillis()));
        response.putHeader("Retry-After", wait)
                .putHeader("X-RateLimit-Limit", String.valueOf(limit.limit()))
                .putHeader("X-RateLimit-Remaining", "0")
                .putHeader("X-RateLimit-Reset", Instant.ofEpochMilli(limit.resetEpochMillis()).toString())
                .putHeader("RateLimit-Reason", limit.reason());
        if (limit.reason().startsWith("jira-quota")) {
            // Atlassian sends the quota's fields under Beta- names while they are in beta, and will drop the prefix.
            response.putHeader("Beta-Retry-After", wait).putHeader("Beta-RateLimit-Reason", limit.reason());
        }
        return Reply.error(429, "Rate limit exceeded.");
    }

    // The points quota's state on every answer while a quota is set, as Jira Cloud sends it (with and without
    // Beta-): "global-app-quota";q=65000;w=3600 and "global-app-quota";r=17842;t=2107; NearLimit under 20% left.
    private static void quotaHeaders(SandboxControl.Limit quota, HttpServerResponse response) {
        String policy = "\"" + quota.policy() + "\";q=" + quota.limit() + ";w=" + quota.windowSeconds();
        String state = "\"" + quota.policy() + "\";r=" + Math.max(0, quota.remaining()) + ";t="
                + secondsUntil(quota.resetEpochMillis());
        for (String prefix : new String[] { "", "Beta-" }) {
            response.putHeader(prefix + "RateLimit-Policy", policy).putHeader(prefix + "RateLimit", state);
        }
        if (quota.remaining() < quota.limit() / 5) {
            response.putHeader("X-RateLimit-NearLimit", "true");
        }
    }

    private static long secondsUntil(long epochMillis) {
        return Math.max(1, (epochMillis - System.currentTimeMillis() + 999) / 1000);
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

    record BasicLogin(String user, String password) {
    }

    /** User and password of a Basic header; empty when it is none or cannot be read. Checks nothing. */
    static Optional<BasicLogin> basic(String header) {
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
}
