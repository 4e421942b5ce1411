package io.jirasync.jira.dto;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A transition available on an issue, with the status it leads to and, when asked for with
 * {@code expand=transitions.fields}, the fields of its screen by field id (null otherwise).
 */
@RegisterForReflection
public record Transition(String id, String name, Status to, Map<String, JsonNode> fields) {

    /** A workflow status and its category ({@code new}, {@code indeterminate}, {@code done}). */
    @RegisterForReflection
    public record Status(String id, String name, StatusCategory statusCategory) {
    }

    /** Jira's status category. */
    @RegisterForReflection
    public record StatusCategory(String key, String name) {
    }

    /** The ids of the screen's fields Jira marks as required (empty when the fields were not asked for). */
    public List<String> requiredFields() {
        return fields == null ? List.of()
                : fields.entrySet().stream()
                        .filter(e -> e.getValue().path("required").asBoolean(false)).map(Map.Entry::getKey).toList();
    }
}
