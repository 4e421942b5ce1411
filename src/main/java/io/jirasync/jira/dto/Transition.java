package io.jirasync.jira.dto;

/** A transition available on an issue, with the status it leads to. */
public record Transition(String id, String name, Status to) {

    /** A workflow status and its category ({@code new}, {@code indeterminate}, {@code done}). */
    public record Status(String id, String name, StatusCategory statusCategory) {
    }

    /** Jira's status category. */
    public record StatusCategory(String key, String name) {
    }
}
