package io.jirasync.sandbox;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.sandbox.SandboxCatalog.Field;
import io.jirasync.sandbox.SandboxCatalog.Kind;
import io.jirasync.sandbox.SandboxCatalog.Ref;

/** Reads {@code fields} and {@code update} of a create, edit or transition request the way Jira validates them. */
final class FieldInput {

    /** Values to write (null clears a field) and Jira's per-field error messages. */
    record Result(Map<String, Object> values, Map<String, String> errors) {
    }

    /** A value Jira would refuse, with Jira's message. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static String notOnScreen(String id) {
        return "Field '" + id + "' cannot be set. It is not on the appropriate screen, or unknown.";
    }

    private final SandboxCatalog catalog;

    FieldInput(SandboxCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param settable field ids the screen lets this request set
     * @param current the issue being edited, or null on create
     */
    Result read(Set<String> settable, SandboxCatalog.Project project, JsonNode fields, JsonNode update, Call call,
            SandboxIssue current) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        if (fields != null && fields.isObject()) {
            fields.properties().forEach(entry -> {
                String id = entry.getKey();
                Optional<Field> field = catalog.field(id);
                if (field.isEmpty() || !settable.contains(id)) {
                    errors.put(id, notOnScreen(id));
                    return;
                }
                try {
                    values.put(id, parse(field.get(), entry.getValue(), project, call));
                } catch (Invalid invalid) {
                    errors.put(id, invalid.getMessage());
                }
            });
        }
        if (update != null && update.isObject()) {
            update.properties().forEach(entry -> {
                String id = entry.getKey();
                Optional<Field> field = catalog.field(id);
                if (field.isEmpty() || !settable.contains(id)) {
                    errors.put(id, notOnScreen(id));
                    return;
                }
                try {
                    applyOperations(field.get(), entry.getValue(), values, project, call, current);
                } catch (Invalid invalid) {
                    errors.put(id, invalid.getMessage());
                }
            });
        }
        return new Result(values, errors);
    }

    private void applyOperations(Field field, JsonNode operations, Map<String, Object> values,
            SandboxCatalog.Project project, Call call, SandboxIssue current) throws Invalid {
        if (!operations.isArray()) {
            throw new Invalid("Operations must be an array of {\"add\"|\"set\"|\"remove\": value}.");
        }
        boolean list = isList(field.kind());
        for (JsonNode operation : operations) {
            if (!operation.isObject() || operation.size() != 1) {
                throw new Invalid("Each operation must have exactly one of add, set, remove.");
            }
            String verb = operation.fieldNames().next();
            JsonNode argument = operation.get(verb);
            switch (verb) {
                case "set" -> values.put(field.id(), parse(field, argument, project, call));
                case "add", "remove" -> {
                    if (!list) {
                        throw new Invalid("Field '" + field.id() + "' does not support operation '" + verb + "'.");
                    }
                    List<Object> items = new ArrayList<>(currentList(field, values, current));
                    Object element = parseElement(field, argument, project);
                    if (verb.equals("add") && !items.contains(element)) {
                        items.add(element);
                    } else if (verb.equals("remove")) {
                        items.remove(element);
                    }
                    values.put(field.id(), items);
                }
                default -> throw new Invalid("Operation '" + verb + "' is not supported; use add, set or remove.");
            }
        }
    }

    private static Collection<?> currentList(Field field, Map<String, Object> values, SandboxIssue current) {
        Object value = values.containsKey(field.id()) ? values.get(field.id())
                : current == null ? null : current.values.get(field.id());
        return value == null ? List.of() : (Collection<?>) value;
    }

    static boolean isList(Kind kind) {
        return kind == Kind.LABELS || kind == Kind.OPTIONS || kind == Kind.COMPONENTS || kind == Kind.VERSIONS;
    }

    Object parse(Field field, JsonNode value, SandboxCatalog.Project project, Call call) throws Invalid {
        if (value == null || value.isNull()) {
            return isList(field.kind()) ? List.of() : null;
        }
        switch (field.kind()) {
            case STRING -> {
                if (!value.isTextual()) {
                    throw new Invalid("Operation value must be a string");
                }
                String text = value.asText();
                if (field.id().equals("summary")) {
                    if (text.isBlank()) {
                        return null;
                    }
                    if (text.length() > 255) {
                        throw new Invalid("Summary must be less than 255 characters.");
                    }
                    if (text.contains("\n") || text.contains("\r")) {
                        throw new Invalid("The summary is invalid because it contains newline characters.");
                    }
                }
                String tooLong = RichText.tooLong(text.length(),
                        field.custom() != null && field.custom().endsWith(":textfield") ? 255 : RichText.TEXT_LIMIT);
                if (tooLong != null) {
                    throw new Invalid(tooLong);
                }
                return text;
            }
            case RICH -> {
                if (call.adf()) {
                    if (!RichText.isAdf(value)) {
                        throw new Invalid("Operation value must be an Atlassian Document (see the Atlassian Document Format)");
                    }
                } else if (!value.isTextual()) {
                    throw new Invalid("Operation value must be a string");
                }
                String tooLong = RichText.tooLong(RichText.length(value), RichText.TEXT_LIMIT);
                if (tooLong != null) {
                    throw new Invalid(tooLong);
                }
                return value.deepCopy();
            }
            case NUMBER -> {
                if (!value.isNumber()) {
                    throw new Invalid("Operation value must be a number");
                }
                return value.deepCopy();
            }
            case DATE -> {
                try {
                    return LocalDate.parse(value.asText()).toString();
                } catch (DateTimeParseException e) {
                    throw new Invalid("Error parsing date string: " + value.asText());
                }
            }
            case OPTION -> {
                return option(field, value);
            }
            case PRIORITY -> {
                return ref(value, catalog.priorities, "Priority");
            }
            case RESOLUTION -> {
                return ref(value, catalog.resolutions, "Resolution");
            }
            case USER -> {
                return user(value, call);
            }
            case LABELS, OPTIONS, COMPONENTS, VERSIONS -> {
                if (!value.isArray()) {
                    throw new Invalid("Operation value must be an array");
                }
                List<Object> items = new ArrayList<>();
                for (JsonNode element : value) {
                    Object parsed = parseElement(field, element, project);
                    if (!items.contains(parsed)) {
                        items.add(parsed);
                    }
                }
                return items;
            }
            default -> throw new Invalid("Field '" + field.id() + "' cannot be set.");
        }
    }

    private Object parseElement(Field field, JsonNode element, SandboxCatalog.Project project) throws Invalid {
        return switch (field.kind()) {
            case LABELS -> {
                if (!element.isTextual()) {
                    throw new Invalid("Operation value must be a string");
                }
                if (element.asText().isEmpty() || element.asText().contains(" ")) {
                    throw new Invalid("The label '" + element.asText() + "' contains spaces which is invalid.");
                }
                yield element.asText();
            }
            case OPTIONS -> option(field, element);
            case COMPONENTS -> ref(element, project.components(), "Component");
            case VERSIONS -> ref(element, project.versions(), "Version");
            default -> throw new Invalid("Field '" + field.id() + "' is not a list.");
        };
    }

    private static Ref option(Field field, JsonNode value) throws Invalid {
        if (!value.isObject() || !(value.has("id") || value.has("value"))) {
            throw new Invalid("Could not find valid 'id' or 'value' in the Parent Option object.");
        }
        if (value.has("id")) {
            String id = value.get("id").asText();
            return field.options().stream().filter(o -> o.id().equals(id)).findFirst()
                    .orElseThrow(() -> new Invalid("Option id '" + id + "' is not valid"));
        }
        String name = value.get("value").asText();
        return field.options().stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new Invalid("Option value '" + name + "' is not valid"));
    }

    private static Ref ref(JsonNode value, List<Ref> allowed, String what) throws Invalid {
        if (value.isObject() && value.has("id")) {
            String id = value.get("id").asText();
            return allowed.stream().filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow(() -> new Invalid(what + " id '" + id + "' is not valid"));
        }
        if (value.isObject() && value.has("name")) {
            String name = value.get("name").asText();
            return allowed.stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new Invalid(what + " name '" + name + "' is not valid"));
        }
        throw new Invalid("Specify a " + what.toLowerCase() + " as {\"id\": ...} or {\"name\": ...}");
    }

    /** Cloud names users by accountId only (names were removed for privacy); Server by name. */
    SandboxCatalog.User user(JsonNode value, Call call) throws Invalid {
        if (call.cloud()) {
            String accountId = value.path("accountId").asText(null);
            if (accountId == null) {
                throw new Invalid("Specify the user by 'accountId'.");
            }
            return catalog.userByAccountId(accountId)
                    .orElseThrow(() -> new Invalid("User with accountId '" + accountId + "' does not exist."));
        }
        String name = value.path("name").asText(null);
        if (name == null) {
            throw new Invalid("Specify the user by 'name'.");
        }
        return catalog.userByName(name).orElseThrow(() -> new Invalid("User '" + name + "' does not exist."));
    }
}
