package io.jirasync.fingerprint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A fingerprint as the API shows it. {@code attributes} (top values per attribute, most frequent first) is
 * filled for a single fingerprint and left out of lists; {@code jira} is null while no ticket is linked.
 */
public record FingerprintView(@Schema(description = "Tracker project.") String project,
        @Schema(description = "The fingerprint: the error group's id in the tracker.") String fingerprint,
        @Schema(description = "Title of the error, from its latest event.") String title,
        @Schema(description = "open, in_progress, resolved or ignored.") FingerprintState state,
        @Schema(description = "Tracker user the fingerprint is assigned to.") String assignee,
        @Schema(description = "Events counted so far.") long count,
        @Schema(description = "Time of the first event.") Instant firstSeen,
        @Schema(description = "Time of the latest event.") Instant lastSeen,
        @Schema(description = "Link to the error in the tracker.") String link,
        @Schema(description = "Version up to which a resolution holds; an event of a newer version is a regression.") String resolvedUntilVersion,
        @Schema(description = "Whether the error came back after it was resolved.") boolean regression,
        @Schema(description = "Version of the event that made it a regression.") String regressionVersion,
        @Schema(description = "When the fingerprint last changed.") Instant updatedAt,
        @Schema(description = "Most frequent values of each event attribute (topValues of them).") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<AttributeValue>> attributes,
        @Schema(description = "The linked Jira ticket; absent when none.") JiraLink jira) {

    static FingerprintView of(Fingerprint f, Map<String, List<AttributeValue>> attributes) {
        JiraLink jira = f.jiraIssueKey == null ? null
                : new JiraLink(f.jiraIssueId, f.jiraIssueKey, f.jiraIssueUrl, f.jiraStatus);
        return new FingerprintView(f.project, f.fingerprint, f.title, f.state, f.assignee, f.eventCount, f.firstSeen,
                f.lastSeen, f.link, f.resolvedUntilVersion, f.regression, f.regressionVersion, f.updatedAt,
                attributes, jira);
    }
}
