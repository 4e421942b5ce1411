package io.jirasync.jira.dto;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of create issue, edit issue and (with {@code transition}) do transition: Jira's IssueUpdateDetails.
 * Values are already shaped for Jira (ADF or wiki markup for rich text, {@code {"name"}} objects and so on).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@RegisterForReflection
public record IssueFields(Map<String, Object> fields, Map<String, List<Map<String, Object>>> update,
        TransitionRef transition) {

    /** Only {@code fields}. */
    public static IssueFields of(Map<String, Object> fields) {
        return new IssueFields(fields, Map.of(), null);
    }

    /** The transition to perform, by id. */
    @RegisterForReflection
    public record TransitionRef(String id) {
    }
}
