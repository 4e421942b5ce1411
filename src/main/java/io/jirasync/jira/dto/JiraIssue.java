package io.jirasync.jira.dto;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An issue with the fields that were asked for, kept as JSON because their shapes depend on the field. */
@RegisterForReflection
public record JiraIssue(String id, String key, String self, Map<String, JsonNode> fields) {

    /** A field's value, absent when Jira did not send it or sent null. */
    public Optional<JsonNode> field(String id) {
        JsonNode value = fields == null ? null : fields.get(id);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /** The status name, when the {@code status} field was asked for. */
    public Optional<String> statusName() {
        return field("status").map(s -> s.path("name").asText(null));
    }

    /** The status category key ({@code new}, {@code indeterminate}, {@code done}). */
    public Optional<String> statusCategory() {
        return field("status").map(s -> s.path("statusCategory").path("key").asText(null));
    }
}
