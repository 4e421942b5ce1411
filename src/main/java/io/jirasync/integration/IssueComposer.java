package io.jirasync.integration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.jira.RichText;
import io.jirasync.jira.dto.CreateMeta;
import io.jirasync.jira.dto.IssueFields;
import io.jirasync.template.FieldSchema;
import io.jirasync.template.FieldShaper;
import io.jirasync.template.Rendered;
import io.jirasync.template.ShapedValue;
import io.jirasync.template.TemplateEngine;
import io.jirasync.template.TemplateValues;

/**
 * Builds the create request of a fingerprint's ticket from the integration's settings and Jira's create metadata:
 * renders every template, resolves fields by id or name, shapes each value by its schema, adds the marker label,
 * and checks that every required field is filled. Preview, test and the create task all use it, so what the
 * admin previews is what is sent.
 */
@ApplicationScoped
public class IssueComposer {

    /**
     * The request that would be sent, with warnings, errors that stop it being sent (a field that cannot be found
     * or filled: sending would drop the value silently), and required fields that nothing fills (still sent, since
     * the cached metadata may be older than Jira's screens: Jira has the last word).
     */
    public record ComposedIssue(String method, String path, IssueFields body, List<String> warnings,
            List<String> errors, List<String> missingRequired) {

        /** Whether Jira can be asked to create this. */
        public boolean sendable() {
            return errors.isEmpty();
        }
    }

    private final TemplateEngine templates;
    private final FieldShaper shaper;
    private final FingerprintService fingerprints;

    IssueComposer(TemplateEngine templates, FieldShaper shaper, FingerprintService fingerprints) {
        this.templates = templates;
        this.shaper = shaper;
        this.fingerprints = fingerprints;
    }

    /** Composes the create request; {@code extraDescription} is appended (for example a note about an older ticket). */
    public ComposedIssue compose(StoredIntegration integration, FingerprintView fp, CreateMeta meta,
            String extraDescription) {
        IntegrationSettings s = integration.settings();
        String target = s.projectKey() + "/" + s.issueType();
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String path = "/rest/api/" + s.jira().apiVersion() + "/issue";
        Optional<CreateMeta.IssueTypeFields> type = meta.issueType(s.issueType());
        if (type.isEmpty()) {
            errors.add("Issue type '" + s.issueType() + "' does not exist in project " + s.projectKey() + " (it has: "
                    + meta.issueTypes().stream().map(CreateMeta.IssueTypeFields::name).collect(Collectors.joining(", "))
                    + ")");
            return new ComposedIssue("POST", path, IssueFields.of(Map.of()), warnings, errors, List.of());
        }
        CreateMeta.IssueTypeFields screen = type.get();
        FieldShaper.Target shapeTarget = new FieldShaper.Target(integration.site().cloud(),
                text -> RichText.forSite(integration.site(), text));
        TemplateValues values = values(fp);

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project", Map.of("key", s.projectKey()));
        fields.put("issuetype", Map.of("id", screen.id()));

        fill(fields, screen, "summary", s.summary(), "summary", values, shapeTarget, target, warnings, errors, true);
        String description = s.description() + (extraDescription == null ? "" : "\n\n" + extraDescription);
        fill(fields, screen, s.fieldMapping().description(), description, "description", values, shapeTarget, target,
                warnings, errors, false);

        List<String> labels = new ArrayList<>();
        for (String label : s.labels()) {
            Rendered rendered = templates.render(label, values);
            unknown(rendered, "a label", warnings);
            if (!rendered.text().isBlank()) {
                labels.add(rendered.text());
            }
        }
        if (Boolean.TRUE.equals(s.markerLabel())) {
            labels.add(MarkerLabel.of(integration.project(), fp.fingerprint()));
        }
        if (!labels.isEmpty()) {
            Optional<CreateMeta.Field> labelField = screen.field(s.fieldMapping().labels());
            if (labelField.isEmpty()) {
                String missing = "The labels field '" + s.fieldMapping().labels() + "' is not on the create screen of "
                        + target;
                if (Boolean.TRUE.equals(s.markerLabel())) {
                    warnings.add(missing + "; without the marker label a create whose answer is lost cannot be"
                            + " matched to its ticket (set fieldMapping.labels or markerLabel false)");
                } else {
                    warnings.add(missing + "; labels are left out");
                }
            } else {
                ShapedValue shaped = shaper.shape(schema(labelField.get()), String.join(",", labels), shapeTarget);
                put(fields, labelField.get(), shaped, warnings, errors);
            }
        }

        for (IntegrationSettings.CustomField custom : s.customFields()) {
            Optional<CreateMeta.Field> field = screen.field(custom.field());
            if (field.isEmpty()) {
                errors.add("Field '" + custom.field() + "' is not on the create screen of " + target);
                continue;
            }
            Rendered rendered = templates.render(custom.value(), values);
            unknown(rendered, describe(field.get()), warnings);
            ShapedValue shaped = shaper.shape(schema(field.get()), rendered.text(), shapeTarget);
            put(fields, field.get(), shaped, warnings, errors);
        }

        List<String> missing = new ArrayList<>();
        for (CreateMeta.Field field : screen.fields()) {
            if (field.required() && !field.hasDefaultValue() && !fields.containsKey(field.fieldId())) {
                missing.add(describe(field) + " is required for " + target + " and nothing fills it");
            }
        }
        return new ComposedIssue("POST", path, IssueFields.of(fields), List.copyOf(warnings), List.copyOf(errors),
                List.copyOf(missing));
    }

    private void fill(Map<String, Object> fields, CreateMeta.IssueTypeFields screen, String fieldName, String template,
            String role, TemplateValues values, FieldShaper.Target target, String where, List<String> warnings,
            List<String> errors, boolean required) {
        Optional<CreateMeta.Field> field = screen.field(fieldName);
        if (field.isEmpty()) {
            String sentence = "The " + role + " field '" + fieldName + "' is not on the create screen of " + where;
            if (required) {
                errors.add(sentence);
            } else {
                warnings.add(sentence + "; the " + role + " is left out");
            }
            return;
        }
        Rendered rendered = templates.render(template, values);
        unknown(rendered, "the " + role, warnings);
        put(fields, field.get(), shaper.shape(schema(field.get()), rendered.text(), target), warnings, errors);
    }

    private static void put(Map<String, Object> fields, CreateMeta.Field field, ShapedValue shaped,
            List<String> warnings, List<String> errors) {
        if (shaped.present()) {
            fields.put(field.fieldId(), shaped.value());
            warnings.addAll(shaped.warnings());
        } else if (field.required() && !field.hasDefaultValue()) {
            errors.addAll(shaped.warnings());
        } else {
            warnings.addAll(shaped.warnings());
        }
    }

    private static void unknown(Rendered rendered, String where, List<String> warnings) {
        for (String name : rendered.unknown()) {
            warnings.add("'$" + name + "' has no value for this fingerprint, so it renders empty in " + where);
        }
    }

    /** Built-ins first, then the most frequent value of the attribute (ties: the most recently seen). */
    TemplateValues values(FingerprintView fp) {
        Map<String, String> builtIns = new LinkedHashMap<>();
        builtIns.put("title", fp.title());
        builtIns.put("fingerprint", fp.fingerprint());
        builtIns.put("count", Long.toString(fp.count()));
        builtIns.put("first_seen", iso(fp.firstSeen()));
        builtIns.put("last_seen", iso(fp.lastSeen()));
        builtIns.put("link", fp.link());
        builtIns.put("project", fp.project());
        return name -> builtIns.containsKey(name) ? Optional.ofNullable(builtIns.get(name))
                : fingerprints.mostFrequentValue(fp.project(), fp.fingerprint(), name);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String describe(CreateMeta.Field field) {
        return field.name() == null || field.name().equals(field.fieldId()) ? "Field '" + field.fieldId() + "'"
                : "Field '" + field.name() + "' (" + field.fieldId() + ")";
    }

    /** The create-metadata field in the shaper's terms. */
    static FieldSchema schema(CreateMeta.Field field) {
        CreateMeta.Schema s = field.schema();
        List<FieldSchema.AllowedValue> allowed = field.allowedValues() == null ? List.of()
                : field.allowedValues().stream().map(IssueComposer::allowed).toList();
        return new FieldSchema(field.fieldId(), field.name(), field.required(), field.hasDefaultValue(),
                s == null ? null : s.type(), s == null ? null : s.items(), s == null ? null : s.system(),
                s == null ? null : s.custom(), allowed);
    }

    private static FieldSchema.AllowedValue allowed(JsonNode v) {
        return new FieldSchema.AllowedValue(v.path("id").asText(null), v.path("value").asText(null),
                v.path("name").asText(null));
    }
}
