package io.jirasync.template;

import java.util.List;

/** A rendered value in the JSON shape the field needs, or why it could not be shaped (then {@code value} is null). */
public record ShapedValue(Object value, List<String> warnings) {

    static ShapedValue ok(Object value) {
        return new ShapedValue(value, List.of());
    }

    static ShapedValue rejected(String warning) {
        return new ShapedValue(null, List.of(warning));
    }

    /** Whether there is a value to send. */
    public boolean present() {
        return value != null;
    }
}
