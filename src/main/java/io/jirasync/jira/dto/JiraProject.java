package io.jirasync.jira.dto;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code GET /project/{key}}: a project and the issue types it offers. */
@RegisterForReflection
public record JiraProject(String id, String key, String name, List<IssueType> issueTypes) {

    /** An issue type as listed by a project or by create metadata. */
    @RegisterForReflection
    public record IssueType(String id, String name, Boolean subtask, String description) {
    }
}
