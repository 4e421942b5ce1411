package io.jirasync.inbound;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.security.Hashes;

/**
 * What the receiver reads from a delivery before storing it: the event, the issue, the changelog and whether
 * anything in it can matter to a fingerprint. Cloud changelog items carry {@code fieldId}; Server items often only
 * the display name in {@code field}, so both are looked at.
 */
public record WebhookDelivery(String eventType, String issueId, String issueKey, String changelogId,
        Instant timestamp, String ignoreReason, String ignoreCode) {

    /** Why a delivery cannot matter: a short code for the metrics, and the sentence for the sync log. */
    private record Ignored(String code, String reason) {
    }

    /** Changelog fields that move a fingerprint (status, assignee, fix versions) or its link (key, project). */
    static final Set<String> RELEVANT_FIELDS = Set.of("status", "resolution", "assignee", "fixversions",
            "fix version", "key", "project");

    /** Reads the parts of a delivery that decide where it goes. */
    public static WebhookDelivery of(JsonNode body) {
        String event = text(body.path("webhookEvent"));
        JsonNode issue = body.path("issue");
        JsonNode changelog = body.path("changelog");
        Instant timestamp = body.path("timestamp").canConvertToLong()
                ? Instant.ofEpochMilli(body.path("timestamp").asLong())
                : null;
        Ignored ignored = ignored(event, issue, changelog);
        return new WebhookDelivery(event, text(issue.path("id")), text(issue.path("key")),
                text(changelog.path("id")), timestamp, ignored == null ? null : ignored.reason(),
                ignored == null ? null : ignored.code());
    }

    private static Ignored ignored(String event, JsonNode issue, JsonNode changelog) {
        if (event == null) {
            return new Ignored("no_event", "the delivery names no webhookEvent");
        }
        if (!event.startsWith("jira:issue_")) {
            return new Ignored("other_event", "the event " + event + " does not concern status, assignee or fix versions");
        }
        if (issue.path("id").isMissingNode() && issue.path("key").isMissingNode()) {
            return new Ignored("no_issue", "the delivery names no issue");
        }
        if (event.equals("jira:issue_updated")) {
            JsonNode items = changelog.path("items");
            if (!items.isArray() || items.isEmpty()) {
                return new Ignored("no_field_change", "the update changes no field (a comment or a work log)");
            }
            for (JsonNode item : items) {
                if (RELEVANT_FIELDS.contains(lower(item.path("fieldId")))
                        || RELEVANT_FIELDS.contains(lower(item.path("field")))) {
                    return null;
                }
            }
            return new Ignored("unmapped_fields", "the update changes only fields jira-sync does not map");
        }
        return null;
    }

    /**
     * This delivery, or the same to be stored as ignored when Jira sent it ({@code timestamp}) more than
     * {@code window} before {@code now}: a replay, or a retry too late to trust.
     */
    public WebhookDelivery notOlderThan(Duration window, Instant now) {
        if (ignoreReason != null || timestamp == null || !timestamp.isBefore(now.minus(window))) {
            return this;
        }
        return new WebhookDelivery(eventType, issueId, issueKey, changelogId, timestamp, "the delivery was sent at "
                + timestamp + ", longer ago than the replay window of " + Durations.human(window)
                + " (jira-sync.inbound.webhook-replay-window): a replay or a retry too late to trust, nothing of it"
                + " is applied", "replay_window");
    }

    /**
     * Webhook identifier when Jira sent one; otherwise issue id + changelog id + timestamp (or a digest of the
     * body, computed only then).
     */
    public String dedupeKey(String webhookIdentifier, Supplier<String> bodyDigest) {
        if (webhookIdentifier != null && !webhookIdentifier.isBlank()) {
            String id = webhookIdentifier.trim();
            return id.length() <= 200 ? "id:" + id : "id-sha256:" + Hashes.sha256Hex(id);
        }
        if (issueId == null && changelogId == null && timestamp == null) {
            return "sha256:" + bodyDigest.get();
        }
        return "issue:" + issueId + ":" + changelogId + ":" + (timestamp == null ? null : timestamp.toEpochMilli())
                + ":" + eventType;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static String lower(JsonNode node) {
        return node.isTextual() ? node.asText().toLowerCase(Locale.ROOT) : "";
    }
}
