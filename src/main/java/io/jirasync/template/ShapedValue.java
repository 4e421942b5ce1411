package io.jirasync.template;

import java.util.List;

/**
 * A rendered value in the JSON shape the field needs, or why it could not be shaped (then {@code value} is null),
 * and the text cut to Jira's limit on the way, if any.
 */
public record ShapedValue(Object value, List<String> warnings, List<TextLimit.Cut> cuts) {

    /** A value, or none, with these warnings and no cut. */
    public ShapedValue(Object value, List<String> warnings) {
        this(value, warnings, List.of());
    }

    static ShapedValue ok(Object value) {
        return new ShapedValue(value, List.of());
    }

    static ShapedValue rejected(String warning) {
        return new ShapedValue(null, List.of(warning));
    }

    /** {@code value}, a text cut to {@code fit}'s limit: a warning that names the field, and the cut. */
    static ShapedValue cut(Object value, FieldSchema field, TextLimit.Fit fit) {
        if (!fit.cut()) {
            return ok(value);
        }
        return new ShapedValue(value, List.of(TextLimit.warning(FieldShaper.describe(field), fit.length(), fit.limit())),
                List.of(new TextLimit.Cut(field.id(), fit.length(), fit.limit())));
    }

    /** Whether there is a value to send. */
    public boolean present() {
        return value != null;
    }
}
