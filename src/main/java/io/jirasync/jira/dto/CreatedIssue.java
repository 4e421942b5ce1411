package io.jirasync.jira.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer to create issue. */
@RegisterForReflection
public record CreatedIssue(String id, String key, String self) {
}
