package io.jirasync.template;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a rendered template into the JSON value a Jira field accepts, by the field's schema from create metadata.
 * Array fields take the rendered text split on commas. A value that cannot be shaped is rejected with a sentence
 * (never dropped silently).
 */
@ApplicationScoped
public class FieldShaper {

    private static final DateTimeFormatter JIRA_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final int MAX_LABEL = 255;

    /**
     * How the target Jira wants users and rich text: {@code richText} renders plain text as the field's value,
     * {@code richMeasure} counts that value's length as Jira does (see {@link TextLimit}).
     */
    public record Target(boolean cloud, Function<String, Object> richText, TextLimit.Measure richMeasure) {
    }

    /** Shapes {@code text} for {@code field}; an empty text is no value at all. */
    public ShapedValue shape(FieldSchema field, String text, Target target) {
        String trimmed = text == null ? "" : text.strip();
        String what = describe(field);
        if (trimmed.isEmpty()) {
            return ShapedValue.rejected(what + " renders empty, so it is left out");
        }
        String type = field.type() == null ? "string" : field.type();
        return switch (type) {
            case "string" -> text(field, trimmed, target);
            case "number" -> number(what, trimmed);
            case "date" -> date(what, trimmed);
            case "datetime" -> datetime(what, trimmed);
            case "option" -> choice(field, what, trimmed).map(ShapedValue::ok)
                    .orElseGet(() -> ShapedValue.rejected(notAllowed(field, what, trimmed)));
            case "user" -> ShapedValue.ok(user(trimmed, target));
            case "priority", "version", "component", "resolution", "securitylevel" -> named(field, what, trimmed);
            case "array" -> array(field, what, trimmed, target);
            default -> ShapedValue.rejected(what + " has the type '" + type
                    + "', which jira-sync cannot fill from a template");
        };
    }

    /** Text within Jira's limit of its field: the summary's, a single-line field's, or that of multi-line text. */
    private static ShapedValue text(FieldSchema field, String text, Target target) {
        if ("summary".equals(field.system())) {
            return summary(field, text);
        }
        if (field.isRichText()) {
            TextLimit.Fit fit = TextLimit.fit(text, TextLimit.TEXT, target.richMeasure());
            return ShapedValue.cut(target.richText().apply(fit.text()), field, fit);
        }
        int limit = field.isSingleLine() ? TextLimit.SINGLE_LINE : TextLimit.TEXT;
        TextLimit.Fit fit = TextLimit.fit(text, limit, TextLimit.Measure.PLAIN);
        return ShapedValue.cut(fit.text(), field, fit);
    }

    private static ShapedValue summary(FieldSchema field, String text) {
        // Jira refuses a summary with line breaks or over 255 characters; no room for a note, an ellipsis says it.
        String oneLine = text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        if (oneLine.length() <= TextLimit.SINGLE_LINE) {
            return ShapedValue.ok(oneLine);
        }
        String warning = String.format(Locale.ROOT, "%s is %,d characters, over Jira's limit of %,d: it is cut to"
                + " fit, ending with '…'", describe(field), oneLine.length(), TextLimit.SINGLE_LINE);
        return new ShapedValue(TextLimit.prefix(oneLine, TextLimit.SINGLE_LINE - 1) + "…", List.of(warning),
                List.of(new TextLimit.Cut(field.id(), oneLine.length(), TextLimit.SINGLE_LINE)));
    }

    private static ShapedValue number(String what, String text) {
        try {
            return ShapedValue.ok(new BigDecimal(text.replace(",", "").strip()));
        } catch (NumberFormatException e) {
            return ShapedValue.rejected(what + " needs a number, and '" + text + "' is not one");
        }
    }

    private static ShapedValue date(String what, String text) {
        try {
            String day = text.length() >= 10 ? text.substring(0, 10) : text;
            return ShapedValue.ok(LocalDate.parse(day).toString());
        } catch (DateTimeParseException e) {
            return ShapedValue.rejected(what + " needs a date (yyyy-mm-dd), and '" + text + "' is not one");
        }
    }

    private static ShapedValue datetime(String what, String text) {
        try {
            return ShapedValue.ok(JIRA_DATETIME.format(OffsetDateTime.parse(text)));
        } catch (DateTimeParseException e) {
            return ShapedValue.rejected(what + " needs a date and time (ISO-8601 with offset), and '" + text
                    + "' is not one");
        }
    }

    private static Object user(String text, Target target) {
        return Map.of(target.cloud() ? "accountId" : "name", text);
    }

    private static ShapedValue named(FieldSchema field, String what, String text) {
        if (field.allowedValues().isEmpty()) {
            return ShapedValue.ok(Map.of("name", text));
        }
        return field.allowedValues().stream().filter(v -> text.equalsIgnoreCase(v.label())).findFirst()
                .<ShapedValue> map(v -> ShapedValue.ok(Map.of("name", v.label())))
                .orElseGet(() -> ShapedValue.rejected(notAllowed(field, what, text)));
    }

    private static Optional<Object> choice(FieldSchema field, String what, String text) {
        if (field.allowedValues().isEmpty()) {
            return Optional.of(Map.of("value", text));
        }
        return field.allowedValues().stream().filter(v -> text.equalsIgnoreCase(v.label())).findFirst()
                .map(v -> Map.of("value", v.label()));
    }

    private ShapedValue array(FieldSchema field, String what, String text, Target target) {
        List<String> parts = Arrays.stream(text.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        if (field.isLabels()) {
            return ShapedValue.ok(parts.stream().map(FieldShaper::label).distinct().toList());
        }
        String items = field.items() == null ? "string" : field.items();
        List<Object> values = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String part : parts) {
            ShapedValue one = switch (items) {
                case "string" -> ShapedValue.ok(part);
                case "option" -> choice(field, what, part).map(ShapedValue::ok)
                        .orElseGet(() -> ShapedValue.rejected(notAllowed(field, what, part)));
                case "user" -> ShapedValue.ok(user(part, target));
                case "version", "component" -> named(field, what, part);
                default -> ShapedValue.rejected(what + " is a list of '" + items
                        + "', which jira-sync cannot fill from a template");
            };
            if (one.present()) {
                values.add(one.value());
            }
            warnings.addAll(one.warnings());
        }
        return new ShapedValue(values.isEmpty() ? null : values, warnings);
    }

    /** Jira labels cannot hold spaces: each run of whitespace becomes one underscore, and length is capped. */
    public static String label(String text) {
        String safe = text.strip().replaceAll("\\s+", "_");
        return TextLimit.prefix(safe, MAX_LABEL);
    }

    private static String notAllowed(FieldSchema field, String what, String text) {
        Map<String, Boolean> shown = new LinkedHashMap<>();
        field.allowedValues().stream().limit(10).forEach(v -> shown.put("'" + v.label() + "'", true));
        return what + " does not allow '" + text + "'; allowed: " + String.join(", ", shown.keySet())
                + (field.allowedValues().size() > 10 ? ", ..." : "");
    }

    static String describe(FieldSchema field) {
        String name = field.name() == null ? field.id() : field.name();
        return name.equals(field.id()) ? "Field '" + name + "'"
                : "Field '" + name + "' (" + field.id() + ")";
    }
}
