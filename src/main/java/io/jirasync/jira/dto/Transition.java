package io.jirasync.jira.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A transition available on an issue, with the status it leads to. */
@RegisterForReflection
public record Transition(String id, String name, Status to) {

    /** A workflow status and its category ({@code new}, {@code indeterminate}, {@code done}). */
    @RegisterForReflection
    public record Status(String id, String name, StatusCategory statusCategory) {
    }

    /** Jira's status category. */
    @RegisterForReflection
    public record StatusCategory(String key, String name) {
    }
}
