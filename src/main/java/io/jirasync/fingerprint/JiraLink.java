package io.jirasync.fingerprint;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The Jira ticket linked to a fingerprint: issue id, key, browse URL and current status name. */
public record JiraLink(@Schema(description = "Jira's issue id.") String issueId,
        @Schema(description = "Issue key, such as OPS-42.") String key,
        @Schema(description = "Browser URL of the ticket.") String url,
        @Schema(description = "Jira status name as last seen.") String status) {
}
