package io.jirasync.fingerprint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A fingerprint as the API shows it. {@code attributes} (top values per attribute, most frequent first) is
 * filled for a single fingerprint and left out of lists; {@code jira} is null while no ticket is linked.
 */
public record FingerprintView(String project, String fingerprint, String title, FingerprintState state,
        String assignee, long count, Instant firstSeen, Instant lastSeen, String link, String resolvedUntilVersion,
        boolean regression, String regressionVersion, Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<AttributeValue>> attributes, JiraLink jira) {

    static FingerprintView of(Fingerprint f, Map<String, List<AttributeValue>> attributes) {
        JiraLink jira = f.jiraIssueKey == null ? null
                : new JiraLink(f.jiraIssueId, f.jiraIssueKey, f.jiraIssueUrl, f.jiraStatus);
        return new FingerprintView(f.project, f.fingerprint, f.title, f.state, f.assignee, f.eventCount, f.firstSeen,
                f.lastSeen, f.link, f.resolvedUntilVersion, f.regression, f.regressionVersion, f.updatedAt,
                attributes, jira);
    }
}
