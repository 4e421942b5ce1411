package io.jirasync.jira.dto;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Create metadata of one project: its issue types, and for each the fields a create request may set. */
@RegisterForReflection
public record CreateMeta(String projectKey, List<IssueTypeFields> issueTypes) {

    /** One issue type with its fields (empty until fetched for that type). */
    @RegisterForReflection
    public record IssueTypeFields(String id, String name, Boolean subtask, List<Field> fields) {

        /** The field with this id ({@code customfield_10042}) or, failing that, this display name. */
        public Optional<Field> field(String idOrName) {
            return fields.stream().filter(f -> f.fieldId().equals(idOrName)).findFirst()
                    .or(() -> fields.stream().filter(f -> f.name().equalsIgnoreCase(idOrName)).findFirst());
        }
    }

    /** A field of the create screen, with the schema the value must have and, for options, the allowed values. */
    @RegisterForReflection
    public record Field(String fieldId, String name, boolean required, boolean hasDefaultValue, Schema schema,
            List<JsonNode> allowedValues, List<String> operations) {
    }

    /** Jira's JsonTypeBean: {@code type} (string, number, option, array, user ...) and {@code items} for arrays. */
    @RegisterForReflection
    public record Schema(String type, String items, String system, String custom, Long customId) {
    }

    /** The issue type with this name (case-insensitive) or id. */
    public Optional<IssueTypeFields> issueType(String nameOrId) {
        return issueTypes.stream().filter(t -> t.id().equals(nameOrId) || t.name().equalsIgnoreCase(nameOrId))
                .findFirst();
    }
}
