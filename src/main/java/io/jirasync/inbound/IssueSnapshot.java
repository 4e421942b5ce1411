package io.jirasync.inbound;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.jira.dto.JiraIssue;

/**
 * What jira-sync maps from one Jira issue: status (name and category), assignee, fix versions, Jira's
 * {@code updated} time, and whether the issue was deleted. A part that is not known is null (and
 * {@code assigneeKnown} false), so that it is left alone rather than cleared.
 */
public record IssueSnapshot(String issueId, String key, String statusName, String statusCategory,
        boolean assigneeKnown, JiraPerson assignee, List<String> fixVersions, Instant updated, boolean deleted,
        String source) {

    /** The fields one GET (or one search) asks Jira for. */
    static final List<String> FIELDS = List.of("status", "assignee", "fixVersions", "updated", "project");

    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    /** A deleted issue (Jira answers 404 for it): only its identity is left. */
    static IssueSnapshot deleted(String issueId, String key) {
        return new IssueSnapshot(issueId, key, null, null, false, null, null, null, true,
                "the deletion event, confirmed by Jira's 404");
    }

    /** The issue as Jira's REST API shows it now (a GET or a search result). */
    static IssueSnapshot fromRest(JiraIssue issue, String source) {
        Map<String, JsonNode> fields = issue.fields() == null ? Map.of() : issue.fields();
        JsonNode status = fields.get("status");
        return new IssueSnapshot(issue.id(), issue.key(), JiraPerson.text(nodeOr(status), "name"),
                category(nodeOr(status)), fields.containsKey("assignee"), JiraPerson.of(fields.get("assignee")),
                fields.containsKey("fixVersions") ? versions(fields.get("fixVersions")) : null,
                time(fields.get("updated")), false, source);
    }

    /**
     * The issue as a webhook delivery describes it, for when Jira cannot be asked. The snapshot in
     * {@code issue.fields} can contradict the changelog (a fix-version change listing no fix versions), so each
     * changelog item wins over the snapshot for its field.
     */
    static IssueSnapshot fromDelivery(JsonNode body, String source) {
        JsonNode issue = body.path("issue");
        JsonNode fields = issue.path("fields");
        String statusName = JiraPerson.text(fields.path("status"), "name");
        String category = category(fields.path("status"));
        boolean assigneeKnown = fields.has("assignee");
        JiraPerson assignee = JiraPerson.of(fields.get("assignee"));
        List<String> versions = fields.has("fixVersions") ? versions(fields.get("fixVersions")) : null;
        boolean resolved = fields.path("resolution").isObject();
        for (JsonNode item : body.path("changelog").path("items")) {
            String field = (JiraPerson.text(item, "fieldId") != null ? JiraPerson.text(item, "fieldId")
                    : String.valueOf(JiraPerson.text(item, "field"))).toLowerCase(Locale.ROOT);
            String to = JiraPerson.text(item, "to");
            String toString = JiraPerson.text(item, "toString");
            switch (field) {
                case "status" -> {
                    if (toString != null && !toString.equalsIgnoreCase(statusName)) {
                        // The snapshot shows another status; its category does not belong to this name.
                        statusName = toString;
                        category = null;
                    }
                }
                case "resolution" -> resolved = to != null;
                case "assignee" -> {
                    assigneeKnown = true;
                    if (to == null) {
                        assignee = null;
                    } else if (assignee == null || !(to.equals(assignee.accountId()) || to.equals(assignee.name()))) {
                        assignee = new JiraPerson(to, null, null, toString);
                    }
                }
                case "fixversions", "fix version" -> {
                    Set<String> merged = new LinkedHashSet<>(versions == null ? List.of() : versions);
                    if (JiraPerson.text(item, "fromString") != null) {
                        merged.remove(JiraPerson.text(item, "fromString"));
                    }
                    if (toString != null) {
                        merged.add(toString);
                    }
                    versions = new ArrayList<>(merged);
                }
                default -> {
                    // Fields jira-sync does not map.
                }
            }
        }
        if (category == null && statusName != null && resolved) {
            category = "done";
        }
        return new IssueSnapshot(JiraPerson.text(issue, "id"), JiraPerson.text(issue, "key"), statusName, category,
                assigneeKnown, assignee, versions, time(fields.get("updated")), false, source);
    }

    /** The same snapshot with another {@code updated} time. */
    IssueSnapshot withUpdated(Instant time) {
        return new IssueSnapshot(issueId, key, statusName, statusCategory, assigneeKnown, assignee, fixVersions, time,
                deleted, source);
    }

    private static JsonNode nodeOr(JsonNode node) {
        return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    }

    private static String category(JsonNode status) {
        return JiraPerson.text(status.path("statusCategory"), "key");
    }

    private static List<String> versions(JsonNode array) {
        List<String> names = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode version : array) {
                String name = JiraPerson.text(version, "name");
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Jira's {@code 2019-02-15T19:15:40.477-0800}, or ISO 8601; null when absent or unreadable. */
    static Instant time(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText(), JIRA_TIME).toInstant();
        } catch (DateTimeParseException notJira) {
            try {
                return OffsetDateTime.parse(value.asText()).toInstant();
            } catch (DateTimeParseException notIso) {
                return null;
            }
        }
    }
}
