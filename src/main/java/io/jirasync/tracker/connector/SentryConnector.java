package io.jirasync.tracker.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.fingerprint.FingerprintPatch;
import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.security.HmacSignature;
import io.jirasync.tracker.PayloadShape;
import io.jirasync.tracker.TrackerApi;
import io.jirasync.tracker.TrackerConnector;
import io.jirasync.tracker.TrackerDelivery;
import io.jirasync.tracker.TrackerReport;

/**
 * Sentry's integration-platform webhooks (an internal integration): {@code issue} (created, resolved,
 * unresolved, ignored or archived, assigned, unassigned), {@code event_alert} and {@code error}. Signed with the
 * integration's client secret: {@code Sentry-Hook-Signature} is the hex HMAC-SHA256 of the raw body, and
 * {@code Sentry-Hook-Timestamp} (Unix seconds) must be within {@link #WINDOW} of now.
 */
@ApplicationScoped
public class SentryConnector implements TrackerConnector {

    /** How far a delivery's timestamp may be from now, either way. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private static final TrackerApi API = new SentryCompatibleApi("Sentry", (settings, id) -> "/api/0/organizations/"
            + SentryCompatibleApi.segment(settings.organization()) + "/issues/" + id + "/", true);

    @Override
    public String kind() {
        return "sentry";
    }

    @Override
    public java.util.Optional<TrackerApi> api() {
        return java.util.Optional.of(API);
    }

    @Override
    public String authenticate(TrackerDelivery delivery, String webhookSecret) {
        String signature = delivery.header("Sentry-Hook-Signature").orElse(null);
        // The one HMAC helper reads sha256=<hex>; Sentry sends the bare hex.
        String refused = HmacSignature.problem("Sentry-Hook-Signature", signature == null ? null : "sha256=" + signature,
                delivery.body(), webhookSecret);
        if (refused != null) {
            return refused;
        }
        String timestamp = delivery.header("Sentry-Hook-Timestamp").orElse(null);
        if (timestamp == null) {
            return "the Sentry-Hook-Timestamp header is missing";
        }
        Instant sent;
        try {
            sent = Instant.ofEpochMilli((long) (Double.parseDouble(timestamp.strip()) * 1000));
        } catch (NumberFormatException e) {
            return "the Sentry-Hook-Timestamp header is not Unix seconds";
        }
        if (Duration.between(sent, delivery.received()).abs().compareTo(WINDOW) > 0) {
            return "the Sentry-Hook-Timestamp " + timestamp + " is more than 5 minutes from now (a stale or replayed"
                    + " delivery)";
        }
        return null;
    }

    @Override
    public TrackerReport read(TrackerDelivery delivery) {
        String resource = delivery.header("Sentry-Hook-Resource").orElse(null);
        PayloadShape shape = new PayloadShape(delivery.tree());
        if (resource == null) {
            throw io.jirasync.domain.InvalidInputException.of("Sentry-Hook-Resource", "header is required");
        }
        return switch (resource) {
            case "issue" -> issue(shape, delivery.received());
            case "event_alert" -> event(shape, "data.event", "event_alert", delivery.received());
            case "error" -> event(shape, "data.error", "error", delivery.received());
            default -> new TrackerReport.Ignored("Sentry's " + resource + " webhooks are not used; jira-sync reads"
                    + " issue, event_alert and error.");
        };
    }

    static TrackerReport issue(PayloadShape shape, Instant received) {
        String action = shape.required("action");
        shape.requiredObject("data.issue");
        String id = shape.required("data.issue.id");
        String title = shape.required("data.issue.title");
        shape.check();
        FingerprintPatch patch = switch (action) {
            case "created" -> null;
            case "resolved" -> FingerprintPatch.state(FingerprintState.RESOLVED);
            case "unresolved" -> FingerprintPatch.state(FingerprintState.OPEN);
            case "ignored", "archived" -> FingerprintPatch.state(FingerprintState.IGNORED);
            case "assigned" -> assignee(shape.node("data.issue.assignedTo"));
            case "unassigned" -> new FingerprintPatch(null, true, null, false, null);
            default -> null;
        };
        if (patch == null && !action.equals("created")) {
            return new TrackerReport.Ignored("Sentry's issue." + action + " is not used; jira-sync reads created,"
                    + " resolved, unresolved, ignored, archived, assigned and unassigned.");
        }
        String issue = "data.issue.";
        return new TrackerReport.Fingerprint(id, title, issueLink(shape.text(issue + "web_url"),
                shape.text(issue + "permalink")), shape.instant(issue + "lastSeen", received),
                PayloadShape.attributes("level", shape.text(issue + "level"), "culprit", shape.text(issue + "culprit"),
                        "platform", shape.text(issue + "platform"), "project", shape.text(issue + "project.slug")),
                0, shape.count(issue + "count"), patch, "issue." + action);
    }

    /** Sentry's assignee: a user's e-mail (what {@code users} maps), else the user's or team's name. */
    private static FingerprintPatch assignee(JsonNode assignedTo) {
        String who = PayloadShape.text(assignedTo.path("email"));
        if (who == null) {
            who = PayloadShape.text(assignedTo.path("name"));
        }
        return new FingerprintPatch(null, true, who, false, null);
    }

    /** One event, forwarded by an alert rule or the error resource: it counts one, and names its issue. */
    private static TrackerReport event(PayloadShape shape, String at, String resource, Instant received) {
        shape.requiredObject(at);
        String issueId = shape.required(at + ".issue_id");
        String title = shape.required(at + ".title");
        shape.check();
        return new TrackerReport.Fingerprint(issueId, title, issueLink(shape.text(at + ".web_url"), null),
                shape.instant(at + ".datetime", received),
                PayloadShape.attributes("level", shape.text(at + ".level"), "environment",
                        shape.text(at + ".environment"), "release", shape.text(at + ".release"), "culprit",
                        shape.text(at + ".culprit"), "platform", shape.text(at + ".platform"), "project",
                        shape.text(at + ".project")),
                1, 0, null, resource + "." + shape.text("action"));
    }

    /** The issue's page: an event's web URL ends in {@code /events/<id>/}, which is cut off. */
    static String issueLink(String webUrl, String permalink) {
        String url = webUrl != null ? webUrl : permalink;
        if (url == null) {
            return null;
        }
        int events = url.toLowerCase(Locale.ROOT).indexOf("/events/");
        return events > 0 ? url.substring(0, events + 1) : url;
    }
}
