package io.jirasync.tracker.connector;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.fingerprint.FingerprintPatch;
import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.tracker.PayloadShape;
import io.jirasync.tracker.TrackerConnector;
import io.jirasync.tracker.TrackerDelivery;
import io.jirasync.tracker.TrackerReport;

/**
 * Rollbar's webhook notifications ({@code {"event_name", "data": {"item", "occurrence"...}}}): new_item,
 * occurrence, exp_repeat_item, resolved_item, reactivated_item and reopened_item. Rollbar does not sign: the
 * webhook secret comes as {@code ?token=}.
 */
@ApplicationScoped
public class RollbarConnector implements TrackerConnector {

    @Override
    public String kind() {
        return "rollbar";
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
