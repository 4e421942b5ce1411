package io.jirasync.jira.dto;

/** The answer to create issue. */
public record CreatedIssue(String id, String key, String self) {
}
