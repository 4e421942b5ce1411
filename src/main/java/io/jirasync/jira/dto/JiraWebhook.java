package io.jirasync.jira.dto;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An admin webhook of {@code /rest/webhooks/1.0/webhook} (Cloud and Server), as sent and as listed. {@code filters}
 * holds the JQL under {@code issue-related-events-section}; {@code self} (read only) ends with the webhook's id.
 * {@code secret} is only ever sent: Jira never shows it back.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JiraWebhook(String self, String name, String url, List<String> events, Map<String, String> filters,
        Boolean excludeBody, Boolean enabled, String secret) {

    /** The filter key of the issue events' JQL. */
    public static final String JQL_FILTER = "issue-related-events-section";

    /** The webhook's id: the last segment of {@code self}; null when Jira did not say. */
    public String id() {
        return self == null ? null : self.substring(self.lastIndexOf('/') + 1);
    }

    /** The JQL filter of issue events, or null. */
    public String jql() {
        return filters == null ? null : filters.get(JQL_FILTER);
    }

    @Override
    public String toString() {
        return "JiraWebhook[self=" + self + ", name=" + name + ", url=" + url + ", events=" + events + ", filters="
                + filters + "]";
    }
}
