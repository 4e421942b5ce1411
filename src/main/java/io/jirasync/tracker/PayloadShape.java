package io.jirasync.tracker;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.domain.InvalidInputException;

/**
 * Reads a tracker's JSON by dotted paths ({@code data.issue.id}), collecting every required value that is missing
 * so that a 400 names all of them at once ({@link #check()}).
 */
public final class PayloadShape {

    private final JsonNode root;
    private final List<InvalidInputException.Field> missing = new ArrayList<>();

    public PayloadShape(JsonNode root) {
        this.root = root;
    }

    /** The node at {@code path}, or a missing node. */
    public JsonNode node(String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** The text (or number, as text) at {@code path}; recorded as missing when absent or blank. */
    public String required(String path) {
        String value = text(path);
        if (value == null) {
            missing.add(new InvalidInputException.Field(path, "is required"));
        }
        return value;
    }

    /** The object at {@code path}; recorded as missing when it is not an object. */
    public JsonNode requiredObject(String path) {
        JsonNode node = node(path);
        if (!node.isObject()) {
            missing.add(new InvalidInputException.Field(path, "is required (an object)"));
        }
        return node;
    }

    /** The text (or number, as text) at {@code path}, or null when absent, null or blank. */
    public String text(String path) {
        return text(node(path));
    }

    /** The text of a node (numbers as text), or null when absent, null or blank. */
    public static String text(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isNumber() || node.isBoolean())) {
            return null;
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }

    /** A count given as a number or as decimal text (Sentry sends {@code "count": "42"}); 0 when absent or not one. */
    public long count(String path) {
        String value = text(path);
        try {
            return value == null ? 0 : Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** An ISO-8601 instant at {@code path}, or {@code fallback}. */
    public Instant instant(String path, Instant fallback) {
        String value = text(path);
        try {
            return value == null ? fallback : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    /** Unix seconds at {@code path}, or {@code fallback}. */
    public Instant epochSeconds(String path, Instant fallback) {
        JsonNode node = node(path);
        return node.canConvertToLong() ? Instant.ofEpochSecond(node.asLong()) : fallback;
    }

    /** Throws the 400 that names every missing value, if any is. */
    public void check() {
        if (!missing.isEmpty()) {
            throw new InvalidInputException(missing);
        }
    }

    /** A map of the attributes whose values are present, in the order given (name, value, name, value...). */
    public static Map<String, String> attributes(String... namesAndValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null && !namesAndValues[i + 1].isBlank()) {
                attributes.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return attributes;
    }
}
