package io.jirasync.jira.dto;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of create issue, edit issue and (with {@code transition}) do transition: Jira's IssueUpdateDetails.
 * Values are already shaped for Jira (ADF or wiki markup for rich text, {@code {"name"}} objects and so on).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@RegisterForReflection
public record IssueFields(
        @Schema(description = "Jira fields by id, as Jira's create and edit API take them.") Map<String, Object> fields,
        @Schema(description = "Jira's update operations by field id.") Map<String, List<Map<String, Object>>> update,
        @Schema(description = "The transition to make, for a create that also transitions.") TransitionRef transition) {

    /** Only {@code fields}. */
    public static IssueFields of(Map<String, Object> fields) {
        return new IssueFields(fields, Map.of(), null);
    }

    /** The transition to perform, by id. */
    @RegisterForReflection
    public record TransitionRef(@Schema(description = "Jira's transition id.") String id) {
    }
}
