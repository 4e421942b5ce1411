package io.jirasync.fingerprint;

/** The Jira ticket linked to a fingerprint: issue id, key, browse URL and current status name. */
public record JiraLink(String issueId, String key, String url, String status) {
}
