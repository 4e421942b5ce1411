package io.jirasync.jira;

import static java.time.temporal.ChronoUnit.SECONDS;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import javax.net.ssl.SSLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.http.OutboundHttp;
import io.jirasync.http.RateLimitHeaders;
import io.jirasync.jira.dto.Comment;
import io.jirasync.jira.dto.CreatedIssue;
import io.jirasync.jira.dto.IssueFields;
import io.jirasync.jira.dto.JiraIssue;
import io.jirasync.jira.dto.JiraProject;
import io.jirasync.jira.dto.JiraUser;
import io.jirasync.jira.dto.JiraWebhook;
import io.jirasync.jira.dto.SearchPage;
import io.jirasync.jira.dto.ServerInfo;
import io.jirasync.jira.dto.Transition;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;

/**
 * Every call the worker makes to Jira. Each public method is one HTTP exchange that SmallRye Fault Tolerance
 * retries (exponential backoff with jitter) when it failed with 429, 5xx or an I/O error, and never for another
 * 4xx; each attempt first waits for the site's shared {@link RequestBudget} (which also holds any
 * {@code Retry-After} pause), then goes through the site's circuit breaker. Failures are {@link JiraException}.
 * Call it outside database transactions: a call can wait for its budget.
 */
@ApplicationScoped
@Retry(maxRetries = 4, delay = 250, jitter = 200, maxDuration = 180, durationUnit = SECONDS)
@RetryWhen(exception = JiraRetryPolicy.class)
@ExponentialBackoff(factor = 2, maxDelay = 10, maxDelayUnit = SECONDS)
@Timeout(value = 120, unit = SECONDS)
public class JiraClient {

    private static final int CREATEMETA_PAGE = 50;
    private static final int PROJECT_PAGE = 50;
    private static final int USER_SEARCH_LIMIT = 50;

    private final JiraConnections connections;
    private final RequestBudget budget;
    private final CreateMetaCache createMetaCache;
    private final ObjectMapper mapper;
    private final JiraConfig config;

    public JiraClient(JiraConnections connections, RequestBudget budget, CreateMetaCache createMetaCache,
            ObjectMapper mapper, JiraConfig config) {
        this.connections = connections;
        this.budget = budget;
        this.createMetaCache = createMetaCache;
        this.mapper = mapper;
        this.config = config;
    }

    /** The user the credentials belong to ({@code GET /myself}). */
    public JiraUser myself(JiraSite site) {
        return read(exchange(site, Call.of("read the current user"), JiraRestApi::myself), JiraUser.class);
    }

    /** Version and deployment type of the Jira ({@code GET /serverInfo}). */
    public ServerInfo serverInfo(JiraSite site) {
        return read(exchange(site, Call.of("read the server info"), JiraRestApi::serverInfo), ServerInfo.class);
    }

    /** A project by key; 403/404 become "the Jira user cannot see project KEY". */
    public JiraProject project(JiraSite site, String projectKey) {
        return read(exchange(site, Call.project("read project " + projectKey, projectKey),
                api -> api.project(projectKey)), JiraProject.class);
    }

    /**
     * The projects the credentials can see: on Cloud one page of {@code GET /project/search} ({@code values},
     * {@code isLast}), on Server/Data Center the whole list of {@code GET /project} ({@code startAt} unused).
     */
    public JsonNode projectsPage(JiraSite site, int startAt) {
        return read(exchange(site, Call.of("list the projects"),
                api -> site.cloud() ? api.projectSearch(startAt, PROJECT_PAGE) : api.projects()), JsonNode.class);
    }

    /**
     * One page of issue types ({@code issueTypeId} null) or of an issue type's fields from the per-project
     * createmeta endpoints, as Jira sent it (Cloud and Server name the list differently). See
     * {@link CreateMetaService} for the assembled, cached result.
     */
    public JsonNode createMetaPage(JiraSite site, String projectKey, String issueTypeId, int startAt) {
        Call call = Call.project("read create metadata of project " + projectKey, projectKey);
        return read(exchange(site, call, api -> issueTypeId == null
                ? api.createMetaIssueTypes(projectKey, startAt, CREATEMETA_PAGE)
                : api.createMetaFields(projectKey, issueTypeId, startAt, CREATEMETA_PAGE)), JsonNode.class);
    }

    /** The pre-2023 {@code GET /issue/createmeta?expand=projects.issuetypes.fields}, for servers before 8.4. */
    public JsonNode legacyCreateMeta(JiraSite site, String projectKey) {
        Call call = Call.project("read create metadata of project " + projectKey, projectKey);
        return read(exchange(site, call,
                api -> api.legacyCreateMeta(projectKey, "projects.issuetypes.fields")), JsonNode.class);
    }

    /**
     * Creates an issue. When Jira rejects it for a field reason, the project's cached create metadata is dropped so
     * that the next check sees the fields as they are now.
     */
    public CreatedIssue createIssue(JiraSite site, IssueFields issue) {
        String projectKey = projectKeyOf(issue);
        Call call = Call.project("create an issue in project " + projectKey, projectKey).once();
        try {
            CreatedIssue created = read(exchange(site, call, api -> api.createIssue(json(issue))), CreatedIssue.class);
            Log.infof("Created Jira issue %s at %s", created.key(), site.url());
            return created;
        } catch (JiraException e) {
            if (e.fieldRejected() && projectKey != null) {
                createMetaCache.invalidate(site, projectKey);
            }
            throw e;
        }
    }

    /** An issue with the chosen fields only (for example {@code status}, {@code assignee}, {@code fixVersions}). */
    public JiraIssue issue(JiraSite site, String issueKey, List<String> fields) {
        return read(exchange(site, Call.issue("read issue " + issueKey, issueKey, false),
                api -> api.issue(issueKey, String.join(",", fields))), JiraIssue.class);
    }

    /** Edits fields of an issue ({@code PUT /issue/{key}}). */
    public void editIssue(JiraSite site, String issueKey, IssueFields change) {
        exchange(site, Call.issue("edit issue " + issueKey, issueKey, true),
                api -> api.editIssue(issueKey, json(change)));
    }

    /** The transitions the Jira user may do on the issue now, each with its target status. */
    public List<Transition> transitions(JiraSite site, String issueKey) {
        return transitions(site, issueKey, false);
    }

    /**
     * The transitions the Jira user may do on the issue now; with {@code withFields}, each also carries the fields
     * of its screen ({@code expand=transitions.fields}), so a caller can fill a required resolution.
     */
    public List<Transition> transitions(JiraSite site, String issueKey, boolean withFields) {
        JsonNode body = read(exchange(site, Call.issue("list transitions of " + issueKey, issueKey, false),
                api -> api.transitions(issueKey, withFields ? "transitions.fields" : null)), JsonNode.class);
        return convert(body.path("transitions"), new TypeReference<List<Transition>>() {
        });
    }

    /** Does a transition, optionally filling fields of its screen (such as {@code resolution}). */
    public void transition(JiraSite site, String issueKey, String transitionId, Map<String, Object> fields) {
        IssueFields body = JiraRequests.transition(transitionId, fields);
        exchange(site, Call.issue("transition issue " + issueKey, issueKey, true),
                api -> api.transition(issueKey, json(body)));
    }

    /** Assigns the issue (accountId on Cloud, user name on Server); null unassigns. */
    public void assign(JiraSite site, String issueKey, String userId) {
        String body = json(JiraRequests.assign(site, userId));
        exchange(site, Call.issue("assign issue " + issueKey, issueKey, true), api -> api.assign(issueKey, body));
    }

    /** Adds a comment written as plain text; it is sent as ADF on v3 and wiki markup on v2. */
    public Comment addComment(JiraSite site, String issueKey, String plainText) {
        String body = json(JiraRequests.comment(site, plainText));
        return read(exchange(site, Call.issue("comment on issue " + issueKey, issueKey, true).once(),
                api -> api.addComment(issueKey, body)), Comment.class);
    }

    /**
     * One page of a JQL search: Cloud {@code POST /search/jql} (token paging), Server {@code POST /search}
     * (startAt paging). Pass null as {@code next} for the first page, then the previous page's {@code next()}.
     * Build the JQL with {@link Jql#quote(String)} for every value.
     */
    public SearchPage search(JiraSite site, String jql, List<String> fields, int maxResults, String next) {
        String body = json(JiraRequests.search(site, jql, fields, maxResults, next));
        JsonNode page = read(exchange(site, Call.of("search issues"),
                api -> site.cloud() ? api.searchJql(body) : api.search(body)), JsonNode.class);
        List<JiraIssue> issues = convert(page.path("issues"), new TypeReference<List<JiraIssue>>() {
        });
        String following;
        if (site.cloud()) {
            String token = page.path("nextPageToken").asText(null);
            following = page.path("isLast").asBoolean(token == null) ? null : token;
        } else {
            int startAt = page.path("startAt").asInt(0);
            int total = page.path("total").asInt(0);
            following = issues.isEmpty() || startAt + issues.size() >= total ? null
                    : String.valueOf(startAt + issues.size());
        }
        return new SearchPage(issues, following);
    }

    /** Users matching an e-mail or name (Cloud {@code query}, Server {@code username}); e-mails may be hidden. */
    public List<JiraUser> findUsers(JiraSite site, String query) {
        JsonNode body = read(exchange(site, Call.of("search users"), api -> site.cloud()
                ? api.userSearchCloud(query, USER_SEARCH_LIMIT)
                : api.userSearchServer(query, USER_SEARCH_LIMIT)), JsonNode.class);
        return convert(body, new TypeReference<List<JiraUser>>() {
        });
    }

    /** Jira's admin webhooks ({@code GET /rest/webhooks/1.0/webhook}); needs a Jira administrator. */
    public List<JiraWebhook> webhooks(JiraSite site) {
        return convert(read(exchange(site, Call.of("list the webhooks"), JiraRestApi::webhooks), JsonNode.class),
                new TypeReference<List<JiraWebhook>>() {
                });
    }

    /** Registers an admin webhook ({@code POST /rest/webhooks/1.0/webhook}); not repeated once it may have landed. */
    public JiraWebhook createWebhook(JiraSite site, JiraWebhook webhook) {
        String body = json(webhook);
        return read(exchange(site, Call.of("register a webhook").once(), api -> api.createWebhook(body)),
                JiraWebhook.class);
    }

    /** Replaces an admin webhook's settings ({@code PUT /rest/webhooks/1.0/webhook/{id}}). */
    public JiraWebhook updateWebhook(JiraSite site, String id, JiraWebhook webhook) {
        String body = json(webhook);
        return read(exchange(site, Call.of("update webhook " + id), api -> api.updateWebhook(id, body)),
                JiraWebhook.class);
    }

    // --- one attempt -------------------------------------------------------------------------------------------

    /** What a request is for, so that errors can name the project or issue. */
    private record Call(String what, String project, String issue, boolean write, boolean repeatable) {
        static Call of(String what) {
            return new Call(what, null, null, false, true);
        }

        static Call project(String what, String project) {
            return new Call(what, project, null, false, true);
        }

        static Call issue(String what, String issue, boolean write) {
            return new Call(what, null, issue, write, true);
        }

        /** A call that creates something each time it is carried out. */
        Call once() {
            return new Call(what, project, issue, write, false);
        }
    }

    private String exchange(JiraSite site, Call call, Function<JiraRestApi, OutboundHttp.Response> request) {
        JiraRestApi api = connections.api(site);
        RequestBudget.Permit permit = budget.acquire(site, call.write() ? call.issue() : null);
        try {
            return connections.breaker(site).get(() -> send(site, call, api, request, permit), String.class);
        } catch (JiraException e) {
            if (!call.repeatable() && e.mayHaveReachedJira()) {
                Log.warnf("Not repeating the request to %s at %s: Jira may have carried it out (%s)", call.what(),
                        site.url(), e.getMessage());
                throw e.markUnsafeToRepeat();
            }
            throw e;
        } catch (CircuitBreakerOpenException e) {
            throw JiraException.of(JiraException.Kind.CIRCUIT_OPEN, "Jira at " + site.url()
                    + " failed repeatedly; calls are paused for " + config.circuitBreaker().delay().toSeconds()
                    + " s before trying again", e);
        } finally {
            budget.release(permit);
        }
    }

    private String send(JiraSite site, Call call, JiraRestApi api,
            Function<JiraRestApi, OutboundHttp.Response> request, RequestBudget.Permit permit) {
        OutboundHttp.Response response;
        budget.awaitPause(site, permit);
        if (!call.repeatable()) {
            SendFence.check();
        }
        try {
            response = request.apply(api);
        } catch (OutboundHttp.IoFailure e) {
            throw ioFailure(site, call, e);
        } catch (OutboundHttp.TooLarge e) {
            throw tooLarge(site, call, e);
        }
        int status = response.status();
        Map<String, List<String>> headers = response.headers();
        RateLimitHeaders limits = RateLimitHeaders.read(headers, Instant.now());
        if (status == 429 || status == 503) {
            // The pause first: until it is written, another request (of any replica) may leave.
            holdOff(site, call, status, limits);
        }
        if (limits.nearLimit()) {
            budget.slowDown(site);
        }
        String body = response.text();
        if (status >= 400) {
            throw httpFailure(site, call, status, headers, body);
        }
        return body;
    }

    // Nothing of an oversized answer is read, so nothing of it can be applied; not retried, it would be as large.
    private static JiraException tooLarge(JiraSite site, Call call, OutboundHttp.TooLarge e) {
        return new JiraException(JiraException.Kind.BAD_RESPONSE, e.status(), "Jira at " + site.url()
                + " answered the request to " + call.what() + " with more than " + mebibytes(e.limit())
                + " (jira-sync.jira.max-response-size); nothing of the answer was used", List.of(), Map.of(), Map.of(),
                e);
    }

    private static String mebibytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
    }

    // The wait is stored in the shared budget, so every replica holds back. A per-issue 429 holds writes to that
    // issue only; a quota 429 pauses the site until the quota resets and fails the call at once (nothing retries it
    // before then: the outbox puts its task back until the reset); a burst 429 or a 503 makes the retry's budget
    // acquire sleep until the retry time. A site-wide 429 also halves the budget for a while: a budget set above
    // Jira's would otherwise run into the limit every second.
    private void holdOff(JiraSite site, Call call, int status, RateLimitHeaders limits) {
        Instant now = Instant.now();
        Optional<Instant> until = limits.until(now);
        RateLimitHeaders.Scope scope = status == 429 ? limits.scope() : RateLimitHeaders.Scope.BURST;
        if (scope == RateLimitHeaders.Scope.PER_ISSUE && call.issue() != null) {
            budget.pauseIssueWrites(site, call.issue(), until.orElse(now.plus(config.budget().perIssueWritePause())));
        } else if (scope == RateLimitHeaders.Scope.QUOTA) {
            Instant reset = until.orElse(now.plus(config.budget().quotaPause()));
            boolean started = budget.pauseSite(site, reset, RequestBudget.PauseReason.QUOTA);
            throw budget.quotaUsedUp(site, reset, started);
        } else {
            until.ifPresent(at -> budget.pauseSite(site, at,
                    status == 429 ? RequestBudget.PauseReason.BURST : RequestBudget.PauseReason.SERVER));
            if (status == 429) {
                budget.slowDown(site);
            }
        }
    }

    private JiraException httpFailure(JiraSite site, Call call, int status, Map<String, List<String>> headers,
            String body) {
        List<String> errorMessages = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            JsonNode json = body.isBlank() ? null : mapper.readTree(body);
            if (json != null) {
                json.path("errorMessages").forEach(m -> errorMessages.add(m.asText()));
                json.path("errors").properties().forEach(f -> errors.put(f.getKey(), f.getValue().asText()));
            }
        } catch (JsonProcessingException notJson) {
            // A proxy's HTML error page: the status alone has to do.
        }
        String message = switch (status) {
            case 401 -> "Jira rejected the credentials for " + site.principal() + " at " + site.url()
                    + (site.authType() == JiraSite.AuthType.BASIC ? ""
                            : " (" + site.credentialSetting() + ": wrong, expired or revoked)");
            case 403, 404 -> call.project() != null
                    ? "The Jira user " + site.principal() + " cannot see project " + call.project() + " at "
                            + site.url()
                    : call.issue() != null
                            ? "Issue " + call.issue() + " does not exist at " + site.url() + " or the Jira user "
                                    + site.principal() + " cannot see it"
                            : "The Jira user " + site.principal() + " may not " + call.what() + " at " + site.url();
            case 429 -> "Jira at " + site.url() + " rate-limited the request to " + call.what();
            default -> status >= 500 ? "Jira at " + site.url() + " failed to " + call.what() + " (HTTP " + status + ")"
                    : "Jira refused to " + call.what() + " (HTTP " + status + ")";
        };
        String details = details(errorMessages, errors);
        return new JiraException(JiraException.Kind.HTTP, status, details.isEmpty() ? message
                : message + ": "
                        + details,
                errorMessages, errors, headers, null);
    }

    private static String details(List<String> errorMessages, Map<String, String> errors) {
        List<String> parts = new ArrayList<>(errorMessages);
        errors.forEach((field, message) -> parts.add(field + ": " + message));
        return String.join("; ", parts);
    }

    private static JiraException ioFailure(JiraSite site, Call call, Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return JiraException.of(JiraException.Kind.TLS, "The TLS handshake with Jira at " + site.url()
                        + " failed (check its certificate): " + cause.getMessage(), e);
            }
            if (cause instanceof UnknownHostException) {
                return JiraException.of(JiraException.Kind.UNREACHABLE, "Jira at " + site.url()
                        + " is unreachable: unknown host " + site.url().getHost(), e);
            }
            if (cause instanceof ConnectException) {
                return JiraException.of(JiraException.Kind.UNREACHABLE, "Jira at " + site.url()
                        + " is unreachable: " + cause.getMessage(), e);
            }
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return JiraException.of(JiraException.Kind.UNREACHABLE, "Jira at " + site.url()
                        + " did not answer in time to " + call.what(), e);
            }
        }
        return JiraException.of(JiraException.Kind.UNREACHABLE, "Jira at " + site.url() + " could not be reached to "
                + call.what() + ": " + e.getMessage(), e);
    }

    private static String projectKeyOf(IssueFields issue) {
        Object project = issue.fields() == null ? null : issue.fields().get("project");
        if (project instanceof Map<?, ?> map) {
            Object key = map.get("key");
            return key != null ? key.toString() : map.get("id") != null ? map.get("id").toString() : null;
        }
        return null;
    }

    private String json(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write a Jira request body: " + e.getMessage(), e);
        }
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            throw JiraException.of(JiraException.Kind.BAD_RESPONSE, "Jira sent a " + type.getSimpleName()
                    + " we cannot read: " + e.getMessage(), e);
        }
    }

    private <T> T convert(JsonNode node, TypeReference<T> type) {
        try {
            return mapper.convertValue(node.isMissingNode() ? mapper.createArrayNode() : node, type);
        } catch (IllegalArgumentException e) {
            throw JiraException.of(JiraException.Kind.BAD_RESPONSE, "Jira sent a list we cannot read: "
                    + e.getMessage(), e);
        }
    }
}
