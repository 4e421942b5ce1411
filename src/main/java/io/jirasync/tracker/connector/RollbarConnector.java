package io.jirasync.tracker.connector;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jirasync.fingerprint.FingerprintPatch;
import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.integration.IntegrationSettings;
import io.jirasync.tracker.PayloadShape;
import io.jirasync.tracker.TrackerApi;
import io.jirasync.tracker.TrackerConnector;
import io.jirasync.tracker.TrackerDelivery;
import io.jirasync.tracker.TrackerReport;

/**
 * Rollbar's webhook notifications ({@code {"event_name", "data": {"item", "occurrence"...}}}): new_item,
 * occurrence, exp_repeat_item, resolved_item, reactivated_item and reopened_item. Rollbar does not sign: the
 * webhook secret comes as {@code ?token=}.
 */
@ApplicationScoped
public class RollbarConnector implements TrackerConnector, TrackerApi {

    @Override
    public String kind() {
        return "rollbar";
    }

    @Override
    public java.util.Optional<TrackerApi> api() {
        return java.util.Optional.of(this);
    }

    @Override
    public String name() {
        return "Rollbar";
    }

    /**
     * {@code PATCH /api/1/item/{id}} with {@code status} (resolved, muted or active) and, when resolved in a fix
     * version, {@code resolved_in_version}. Rollbar's item API names assignees by user id only, so assignees stay.
     */
    @Override
    public Call update(Change change, IntegrationSettings.Tracker settings, String token) {
        if (!change.changed("state") && !change.changed("resolvedUntilVersion")) {
            return null;
        }
        String status = switch (change.state()) {
            case "resolved" -> "resolved";
            case "ignored" -> "muted";
            default -> "active";
        };
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("status", status);
        String what = "Rollbar item " + change.fingerprint() + " set to " + status;
        if ("resolved".equals(status) && change.resolvedUntilVersion() != null) {
            body.put("resolved_in_version", change.resolvedUntilVersion());
            what += " in version " + change.resolvedUntilVersion();
        }
        return new Call("PATCH", "/api/1/item/" + change.fingerprint(), headers(token), body.toString(),
                "active".equals(status) ? "open" : change.state(), false, what);
    }

    /** {@code GET /api/1/items}: a project access token with read scope lists its project's items. */
    @Override
    public Call probe(IntegrationSettings.Tracker settings, String token) {
        return new Call("GET", "/api/1/items?page=1", headers(token), null, null, false, "Rollbar's items");
    }

    private static java.util.Map<String, String> headers(String token) {
        return TrackerApi.jsonHeaders("X-Rollbar-Access-Token", token);
    }

    @Override
    public TrackerReport read(TrackerDelivery delivery) {
        PayloadShape shape = new PayloadShape(delivery.tree());
        String event = shape.required("event_name");
        shape.check();
        FingerprintPatch patch;
        switch (event) {
            case "new_item", "occurrence", "exp_repeat_item" -> patch = null;
            case "resolved_item" -> patch = FingerprintPatch.state(FingerprintState.RESOLVED);
            case "reactivated_item", "reopened_item" -> patch = FingerprintPatch.state(FingerprintState.OPEN);
            default -> {
                return new TrackerReport.Ignored("Rollbar's " + event + " notifications are not used; jira-sync"
                        + " reads new_item, occurrence, exp_repeat_item, resolved_item, reactivated_item and"
                        + " reopened_item.");
            }
        }
        shape.requiredObject("data.item");
        String id = shape.required("data.item.id");
        String title = shape.required("data.item.title");
        shape.check();
        Instant received = delivery.received();
        String occurrence = shape.node("data.occurrence").isObject() ? "data.occurrence." : "data.item.last_occurrence.";
        long total = event.equals("exp_repeat_item") ? Math.max(shape.count("data.occurrences"),
                shape.count("data.item.total_occurrences")) : shape.count("data.item.total_occurrences");
        return new TrackerReport.Fingerprint(id, title, link(shape, id),
                shape.epochSeconds("data.item.last_occurrence_timestamp", received),
                PayloadShape.attributes("level", level(shape.text(occurrence + "level"), shape.text("data.item.level")),
                        "environment", or(shape.text("data.item.environment"), shape.text(occurrence + "environment")),
                        "version", shape.text(occurrence + "code_version"), "context", shape.text(occurrence + "context"),
                        "platform", or(shape.text(occurrence + "language"), shape.text(occurrence + "platform")),
                        "project", shape.text("data.item.project_id")),
                total > 0 ? 0 : event.equals("occurrence") ? 1 : 0, total, patch, event);
    }

    /** Rollbar's page of the item when the payload names it; else its item page by id. */
    private static String link(PayloadShape shape, String id) {
        String url = shape.text("data.url");
        return url != null ? url : "https://rollbar.com/item/" + id + "/";
    }

    /** Rollbar levels are names on occurrences and numbers (10 debug ... 50 critical) on items. */
    static String level(String occurrenceLevel, String itemLevel) {
        if (occurrenceLevel != null) {
            return occurrenceLevel;
        }
        if (itemLevel == null) {
            return null;
        }
        return switch (itemLevel) {
            case "10" -> "debug";
            case "20" -> "info";
            case "30" -> "warning";
            case "40" -> "error";
            case "50" -> "critical";
            default -> itemLevel;
        };
    }

    private static String or(String first, String second) {
        return first != null ? first : second;
    }
}
