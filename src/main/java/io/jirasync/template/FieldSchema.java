package io.jirasync.template;

import java.util.List;

/**
 * What Jira's create metadata says about one field, in the terms the shaper needs: its schema ({@code type},
 * {@code items}, {@code system}, {@code custom}) and, for choice fields, the allowed values.
 */
public record FieldSchema(String id, String name, boolean required, boolean hasDefault, String type, String items,
        String system, String custom, List<AllowedValue> allowedValues) {

    /** One choice of a select, version or component field. */
    public record AllowedValue(String id, String value, String name) {

        /** The text a person would type for this choice. */
        public String label() {
            return value != null ? value : name;
        }
    }

    /** A field the screen has, of the given schema type, with no allowed values. */
    public static FieldSchema of(String id, String name, String type, String items, String system, String custom) {
        return new FieldSchema(id, name, false, false, type, items, system, custom, List.of());
    }

    /** Whether Jira expects rich text here (ADF on v3, wiki markup on v2). */
    public boolean isRichText() {
        return "string".equals(type) && ("description".equals(system) || "environment".equals(system)
                || (custom != null && custom.endsWith(":textarea")));
    }

    /** Whether this is a single-line text custom field, which Jira limits to 255 characters. */
    public boolean isSingleLine() {
        return "string".equals(type) && custom != null && custom.endsWith(":textfield");
    }

    /** Whether this is a labels field (system labels or a labels custom field). */
    public boolean isLabels() {
        return "array".equals(type) && "string".equals(items)
                && ("labels".equals(system) || (custom != null && custom.endsWith(":labels")));
    }
}
