package io.jirasync.integration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.jirasync.jira.dto.CreateMeta;
import io.jirasync.template.FieldShaper;
import io.jirasync.template.Rendered;
import io.jirasync.template.ShapedValue;
import io.jirasync.template.TemplateEngine;
import io.jirasync.template.TemplateValues;
import io.jirasync.template.TextLimit;

/**
 * The per-field decisions of one create request on one create screen (summary, description, labels with the
 * marker label, custom fields, required fields nothing fills). Each returns its {@link Part}; {@link IssueComposer}
 * joins them.
 */
final class FieldDecisions {

    /**
     * What one decision adds to the request: field values by id, warnings, errors that stop it being sent, and the
     * texts cut to Jira's limits.
     */
    record Part(Map<String, Object> fields, List<String> warnings, List<String> errors, List<TextLimit.Cut> cuts) {

        static final Part NONE = new Part(Map.of(), List.of(), List.of());

        Part(Map<String, Object> fields, List<String> warnings, List<String> errors) {
            this(fields, warnings, errors, List.of());
        }

        static Part value(String fieldId, Object value) {
            return new Part(Map.of(fieldId, value), List.of(), List.of());
        }

        static Part warning(String sentence) {
            return new Part(Map.of(), List.of(sentence), List.of());
        }

        static Part error(String sentence) {
            return new Part(Map.of(), List.of(), List.of(sentence));
        }

        /** A shaped value; one that could not be shaped stops the send only where Jira requires the field. */
        static Part shaped(CreateMeta.Field field, ShapedValue shaped) {
            if (shaped.present()) {
                return new Part(Map.of(field.fieldId(), shaped.value()), shaped.warnings(), List.of(), shaped.cuts());
            }
            return field.required() && !field.hasDefaultValue() ? new Part(Map.of(), List.of(), shaped.warnings())
                    : new Part(Map.of(), shaped.warnings(), List.of());
        }

        /** This part with {@code earlier} warnings (those of rendering its template) before its own. */
        Part after(List<String> earlier) {
            List<String> all = new ArrayList<>(earlier);
            all.addAll(warnings);
            return new Part(fields, List.copyOf(all), errors, cuts);
        }

        /** The parts in order; a later value for the same field id wins, as a later put into the request would. */
        static Part join(List<Part> parts) {
            Map<String, Object> fields = new LinkedHashMap<>();
            List<String> warnings = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            Map<String, TextLimit.Cut> cuts = new LinkedHashMap<>();
            for (Part part : parts) {
                fields.putAll(part.fields());
                warnings.addAll(part.warnings());
                errors.addAll(part.errors());
                part.cuts().forEach(cut -> cuts.put(cut.field(), cut));
            }
            return new Part(fields, List.copyOf(warnings), List.copyOf(errors), List.copyOf(cuts.values()));
        }
    }

    private final TemplateEngine templates;
    private final FieldShaper shaper;
    private final CreateMeta.IssueTypeFields screen;
    private final TemplateValues values;
    private final FieldShaper.Target shape;
    private final String target;

    /** {@code target} names the screen in sentences ({@code OPS/Bug}). */
    FieldDecisions(TemplateEngine templates, FieldShaper shaper, CreateMeta.IssueTypeFields screen,
            TemplateValues values, FieldShaper.Target shape, String target) {
        this.templates = templates;
        this.shaper = shaper;
        this.screen = screen;
        this.values = values;
        this.shape = shape;
        this.target = target;
    }

    /** Without a summary field Jira cannot create the issue, so its absence is an error. */
    Part summary(String template) {
        return textField("summary", "summary", template, true);
    }

    /** A screen without the (possibly renamed) description field still gets the ticket, without a description. */
    Part description(String fieldName, String template) {
        return textField(fieldName, "description", template, false);
    }

    /**
     * The labels of {@code labelTemplates} (see {@link #renderLabels}) and the marker label, if any, in the (possibly
     * renamed) field.
     */
    Part labels(String fieldName, List<String> labelTemplates, String markerLabel) {
        List<String> warnings = new ArrayList<>();
        List<String> labels = new ArrayList<>(renderLabels(labelTemplates, warnings));
        if (markerLabel != null) {
            labels.add(markerLabel);
        }
        return labelField(fieldName, labels, markerLabel != null).after(warnings);
    }

    /** A custom field found by id or name; one not on the screen is an error, since its value would be lost. */
    Part customField(IntegrationSettings.CustomField custom) {
        Optional<CreateMeta.Field> field = screen.field(custom.field());
        if (field.isEmpty()) {
            return Part.error("Field '" + custom.field() + "' is not on the create screen of " + target);
        }
        if (IssueComposer.schema(field.get()).isLabels()) {
            return labelsCustomField(field.get(), custom.value());
        }
        return rendered(field.get(), custom.value(), IssueComposer.describe(field.get()));
    }

    /** Required fields without a default that none of {@code filled} covers (reported; the create is still sent). */
    List<String> missingRequired(Set<String> filled) {
        return screen.fields().stream()
                .filter(field -> field.required() && !field.hasDefaultValue() && !filled.contains(field.fieldId()))
                .map(field -> IssueComposer.describe(field) + " is required for " + target + " and nothing fills it")
                .toList();
    }

    private Part textField(String fieldName, String role, String template, boolean required) {
        Optional<CreateMeta.Field> field = screen.field(fieldName);
        if (field.isEmpty()) {
            String sentence = "The " + role + " field '" + fieldName + "' is not on the create screen of " + target;
            return required ? Part.error(sentence) : Part.warning(sentence + "; the " + role + " is left out");
        }
        return rendered(field.get(), template, "the " + role);
    }

    private Part labelField(String fieldName, List<String> labels, boolean marked) {
        if (labels.isEmpty()) {
            return Part.NONE;
        }
        Optional<CreateMeta.Field> field = screen.field(fieldName);
        if (field.isPresent()) {
            return Part.shaped(field.get(), new ShapedValue(labels, List.of()));
        }
        String missing = "The labels field '" + fieldName + "' is not on the create screen of " + target;
        return Part.warning(marked ? missing + "; without the marker label a create whose answer is lost cannot be"
                + " matched to its ticket (set fieldMapping.labels or markerLabel false)"
                : missing + "; labels are left out");
    }

    private Part labelsCustomField(CreateMeta.Field field, String template) {
        List<String> warnings = new ArrayList<>();
        List<String> labels = renderLabels(List.of(template), warnings);
        ShapedValue shaped = labels.isEmpty()
                ? new ShapedValue(null, List.of(IssueComposer.describe(field) + " renders empty, so it is left out"))
                : new ShapedValue(labels, List.of());
        return Part.shaped(field, shaped).after(warnings);
    }

    /**
     * Splits each template on commas before rendering, so that a value's commas stay inside its label and no
     * attribute can add a label (least of all another fingerprint's marker). Whitespace becomes underscores, as in
     * {@link FieldShaper#label}; empty labels and those that could pass for a marker are left out with a warning.
     */
    private List<String> renderLabels(List<String> labelTemplates, List<String> warnings) {
        List<String> labels = new ArrayList<>();
        for (String template : labelTemplates) {
            for (String piece : template.split(",")) {
                if (piece.isBlank()) {
                    continue;
                }
                Rendered rendered = templates.render(piece, values);
                warnings.addAll(unknown(rendered, "a label"));
                String label = FieldShaper.label(rendered.text());
                if (label.isEmpty()) {
                    if (rendered.unknown().isEmpty()) {
                        warnings.add("The label '" + piece.strip() + "' renders empty, so it is left out");
                    }
                } else if (MarkerLabel.isReserved(label)) {
                    warnings.add("The label '" + label + "' is left out: labels starting with '" + MarkerLabel.PREFIX
                            + "' are reserved for the marker label jira-sync adds itself");
                } else if (!labels.contains(label)) {
                    labels.add(label);
                }
            }
        }
        return labels;
    }

    private Part rendered(CreateMeta.Field field, String template, String where) {
        Rendered rendered = templates.render(template, values);
        return Part.shaped(field, shaper.shape(IssueComposer.schema(field), rendered.text(), shape))
                .after(unknown(rendered, where));
    }

    private static List<String> unknown(Rendered rendered, String where) {
        return rendered.unknown().stream()
                .map(name -> "'$" + name + "' has no value for this fingerprint, so it renders empty in " + where)
                .toList();
    }
}
