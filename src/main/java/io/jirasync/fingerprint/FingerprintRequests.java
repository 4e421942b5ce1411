package io.jirasync.fingerprint;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.problem.Problem;
import io.jirasync.problem.ProblemException;

/**
 * Reads and checks the bodies of the ingest and patch endpoints. Limits are part of the API contract (src/docs/api.md
 * "Fingerprints"): a whole batch is refused, naming every bad field by its index, before anything is stored.
 */
@ApplicationScoped
public class FingerprintRequests {

    /** Most events in one ingest request. */
    public static final int MAX_BATCH = 1000;
    /** Most attributes on one event. */
    public static final int MAX_ATTRIBUTES = 50;
    /** Longest attribute name. */
    public static final int MAX_ATTRIBUTE_NAME = 128;
    /** Longest attribute value. */
    public static final int MAX_ATTRIBUTE_VALUE = 1024;
    /** Longest title. */
    public static final int MAX_TITLE = 1000;
    /** Longest link to the tracker UI. */
    public static final int MAX_LINK = 2048;
    /** Longest assignee. */
    public static final int MAX_ASSIGNEE = 255;
    /** Longest version. */
    public static final int MAX_VERSION = 128;
    /** Most field errors reported for one request; the rest are summarised. */
    private static final int MAX_ERRORS = 50;

    /** A fingerprint key, as the ingest API and the tracker connectors accept it. */
    public static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** A tracker project's name, the same for its integration, its events and its webhooks. */
    public static final String PROJECT_PATTERN = "[A-Za-z0-9._:-]{1,128}";
    static final Pattern PROJECT = Pattern.compile(PROJECT_PATTERN);
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Set<String> EVENT_FIELDS = Set.of("fingerprint", "title", "timestamp", "attributes", "link");
    private static final Set<String> PATCH_FIELDS = Set.of("state", "assignee", "resolvedUntilVersion");

    private final ObjectMapper mapper;

    FingerprintRequests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The events of an ingest body (one event object or an array of them), or a 400 naming every bad field. */
    public List<IngestEvent> events(byte[] body) throws IOException {
        JsonNode root = body.length == 0 ? null : mapper.readTree(body);
        if (root == null || !(root.isObject() || root.isArray())) {
            throw ProblemException.badField("body", "must be an event object or an array of events");
        }
        if (root.isArray() && root.isEmpty()) {
            throw ProblemException.badField("body", "must hold at least one event");
        }
        if (root.size() > MAX_BATCH && root.isArray()) {
            throw ProblemException.badField("body", "holds " + root.size() + " events; at most " + MAX_BATCH
                    + " are accepted per request");
        }
        Errors errors = new Errors();
        Instant received = Instant.now();
        List<IngestEvent> events = new ArrayList<>(root.isArray() ? root.size() : 1);
        if (root.isObject()) {
            events.add(event(root, "", received, errors));
        } else {
            for (int i = 0; i < root.size(); i++) {
                events.add(event(root.get(i), "[" + i + "].", received, errors));
            }
        }
        errors.throwIfAny("event");
        return events;
    }

    private IngestEvent event(JsonNode node, String at, Instant received, Errors errors) {
        if (!node.isObject()) {
            errors.add(at.isEmpty() ? "body" : at.substring(0, at.length() - 1), "must be an event object");
            return null;
        }
        unknownFields(node, EVENT_FIELDS, at, errors);
        String fingerprint = text(node, "fingerprint", at, true, errors);
        if (fingerprint != null && !FINGERPRINT.matcher(fingerprint).matches()) {
            errors.add(at + "fingerprint", "must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        String title = text(node, "title", at, true, errors);
        if (title != null && (title.isBlank() || title.length() > MAX_TITLE)) {
            errors.add(at + "title", "must be 1 to " + MAX_TITLE + " characters, not blank");
        }
        String link = text(node, "link", at, false, errors);
        if (link != null && (link.length() > MAX_LINK || !(link.startsWith("https://") || link.startsWith("http://")))) {
            errors.add(at + "link", "must be an http(s) URL of at most " + MAX_LINK + " characters");
        }
        Instant timestamp = received;
        String when = text(node, "timestamp", at, false, errors);
        if (when != null) {
            try {
                timestamp = OffsetDateTime.parse(when).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(at + "timestamp", "must be an ISO-8601 date-time with offset, such as 2026-11-27T09:00:00Z");
            }
        }
        return new IngestEvent(fingerprint, title, timestamp, attributes(node.get("attributes"), at, errors), link);
    }

    private static Map<String, String> attributes(JsonNode node, String at, Errors errors) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add(at + "attributes", "must be an object of string values");
            return Map.of();
        }
        if (node.size() > MAX_ATTRIBUTES) {
            errors.add(at + "attributes", "has " + node.size() + " attributes; at most " + MAX_ATTRIBUTES);
            return Map.of();
        }
        Map<String, String> attributes = new HashMap<>(node.size() * 2);
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String field = at + "attributes." + entry.getKey();
            if (!ATTRIBUTE_NAME.matcher(entry.getKey()).matches()) {
                errors.add(at + "attributes", "attribute name '" + abbreviate(entry.getKey())
                        + "' must be 1 to " + MAX_ATTRIBUTE_NAME + " characters of A-Z a-z 0-9 _ . -");
            } else if (!entry.getValue().isTextual()) {
                errors.add(field, "must be a string, not " + kind(entry.getValue()));
            } else if (entry.getValue().textValue().length() > MAX_ATTRIBUTE_VALUE) {
                errors.add(field, "must be at most " + MAX_ATTRIBUTE_VALUE + " characters");
            } else {
                attributes.put(entry.getKey(), entry.getValue().textValue());
            }
        }
        return attributes;
    }

    /** The change of a {@code PATCH} body, or a 400 naming the bad fields. */
    public FingerprintPatch patch(byte[] body) throws IOException {
        JsonNode root = body.length == 0 ? null : mapper.readTree(body);
        if (root == null || !root.isObject()) {
            throw ProblemException.badField("body", "must be an object with state, assignee or resolvedUntilVersion");
        }
        Errors errors = new Errors();
        unknownFields(root, PATCH_FIELDS, "", errors);
        FingerprintState state = null;
        String wire = text(root, "state", "", false, errors);
        if (wire != null) {
            state = FingerprintState.fromWire(wire).orElse(null);
            if (state == null) {
                errors.add("state", "must be one of " + FingerprintState.allowed());
            }
        }
        String assignee = text(root, "assignee", "", false, errors);
        if (assignee != null && (assignee.isBlank() || assignee.length() > MAX_ASSIGNEE)) {
            errors.add("assignee", "must be 1 to " + MAX_ASSIGNEE + " characters, or null to unassign");
        }
        String version = text(root, "resolvedUntilVersion", "", false, errors);
        if (version != null && (version.isBlank() || version.length() > MAX_VERSION)) {
            errors.add("resolvedUntilVersion", "must be 1 to " + MAX_VERSION + " characters, or null to clear");
        }
        errors.throwIfAny("patch");
        FingerprintPatch patch = new FingerprintPatch(state, root.has("assignee"), assignee,
                root.has("resolvedUntilVersion"), version);
        if (patch.isEmpty()) {
            throw ProblemException.badField("body", "must change state, assignee or resolvedUntilVersion");
        }
        return patch;
    }

    /** A string field, null when absent or JSON null; a non-string is an error. */
    private static String text(JsonNode node, String name, String at, boolean required, Errors errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(at + name, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(at + name, "must be a string, not " + kind(value));
            return null;
        }
        return value.textValue();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at, Errors errors) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(at + abbreviate(name), "is not a known field (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static String kind(JsonNode value) {
        return value.isNull() ? "null" : value.getNodeType().name().toLowerCase();
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    /** Collects field errors, so one response names them all (up to a limit). */
    private static final class Errors {
        private final List<Problem.FieldError> list = new ArrayList<>();
        private int total;

        void add(String field, String message) {
            total++;
            if (list.size() < MAX_ERRORS) {
                list.add(new Problem.FieldError(field, message));
            }
        }

        void throwIfAny(String what) {
            if (total == 0) {
                return;
            }
            Problem.FieldError first = list.get(0);
            String detail = total == 1 ? first.field() + ": " + first.message()
                    : total + " fields are invalid, first " + first.field() + ": " + first.message()
                            + (total > list.size() ? " (" + list.size() + " listed)" : "");
            throw new ProblemException(400, "Invalid " + what, detail + ". Nothing was stored.", list);
        }
    }
}
