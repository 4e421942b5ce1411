package io.jirasync.jira;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.jirasync.jira.dto.IssueFields;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The request bodies {@link JiraClient} sends, built in one place so that tests can check them against Jira's
 * OpenAPI description exactly as they go out.
 */
public final class JiraRequests {

    private JiraRequests() {
    }

    /** Cloud {@code POST /search/jql} (SearchAndReconcileRequestBean): pages chained by {@code nextPageToken}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record SearchJql(String jql, List<String> fields, Integer maxResults, String nextPageToken) {
    }

    /** Server/Data Center {@code POST /search} (SearchRequestBean): pages chained by {@code startAt}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record SearchStartAt(String jql, Integer startAt, Integer maxResults, List<String> fields) {
    }

    /** The search body for this deployment; {@code next} is a page's {@code next()} or null for the first page. */
    public static Object search(JiraSite site, String jql, List<String> fields, int maxResults, String next) {
        if (site.cloud()) {
            return new SearchJql(jql, fields, maxResults, next);
        }
        return new SearchStartAt(jql, next == null ? 0 : Integer.parseInt(next), maxResults, fields);
    }

    /** Do a transition, optionally setting fields of its screen (IssueUpdateDetails with {@code transition}). */
    public static IssueFields transition(String transitionId, Map<String, Object> fields) {
        return new IssueFields(fields == null ? Map.of() : fields, Map.of(),
                new IssueFields.TransitionRef(transitionId));
    }

    /** Assign body: {@code accountId} on Cloud, {@code name} on Server; a null user unassigns. */
    public static Map<String, Object> assign(JiraSite site, String userId) {
        Map<String, Object> body = new HashMap<>();
        body.put(site.cloud() ? "accountId" : "name", userId);
        return body;
    }

    /** Comment body: ADF on v3, wiki markup on v2. */
    public static Map<String, Object> comment(JiraSite site, String plainText) {
        return Map.of("body", RichText.forSite(site, plainText));
    }
}
