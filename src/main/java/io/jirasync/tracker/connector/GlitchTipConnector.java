package io.jirasync.tracker.connector;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.domain.InvalidInputException;
import io.jirasync.tracker.PayloadShape;
import io.jirasync.tracker.TrackerApi;
import io.jirasync.tracker.TrackerConnector;
import io.jirasync.tracker.TrackerDelivery;
import io.jirasync.tracker.TrackerReport;

/**
 * GlitchTip's alert webhook, the Slack-compatible {@code {"alias", "text", "attachments": [{"title",
 * "title_link", "text", "fields": [{"title", "value"}]}]}}: one attachment per issue, whose id is the last segment
 * of {@code title_link}. GlitchTip does not sign: the secret comes as {@code ?token=}.
 */
@ApplicationScoped
public class GlitchTipConnector implements TrackerConnector {

    // GlitchTip has Sentry's issue paths without the organization, and no assignee by name.
    private static final TrackerApi API = new SentryCompatibleApi("GlitchTip", (settings, id) -> "/api/0/issues/" + id
            + "/", false);

    @Override
    public String kind() {
        return "glitchtip";
    }

    @Override
    public java.util.Optional<TrackerApi> api() {
        return java.util.Optional.of(API);
    }

    @Override
    public TrackerReport read(TrackerDelivery delivery) {
        PayloadShape shape = new PayloadShape(delivery.tree());
        JsonNode attachments = shape.node("attachments");
        if (!attachments.isArray() || attachments.isEmpty()) {
            throw InvalidInputException.of("attachments", "is required (GlitchTip's alert names its issue in"
                    + " attachments[0])");
        }
        JsonNode first = attachments.get(0);
        PayloadShape attachment = new PayloadShape(first);
        String title = attachment.required("title");
        String link = attachment.required("title_link");
        String id = link == null ? null : issueId(link);
        if (link != null && id == null) {
            throw InvalidInputException.of("attachments[0].title_link", "does not end in an issue id");
        }
        attachment.check();
        return new TrackerReport.Fingerprint(id, title, link, delivery.received(),
                PayloadShape.attributes("culprit", attachment.text("text"), "project", field(first, "project"),
                        "environment", field(first, "environment"), "release", field(first, "release"), "level",
                        field(first, "level"), "platform", field(first, "platform")),
                1, 0, null, "alert");
    }

    /** The value of the attachment field titled {@code name}, in any case. */
    private static String field(JsonNode attachment, String name) {
        for (JsonNode field : attachment.path("fields")) {
            String title = PayloadShape.text(field.path("title"));
            if (title != null && name.equals(title.toLowerCase(Locale.ROOT))) {
                return PayloadShape.text(field.path("value"));
            }
        }
        return null;
    }

    /** {@code https://glitchtip.example.com/acme/issues/123} is issue 123. */
    static String issueId(String link) {
        String path = link.replaceAll("[?#].*$", "").replaceAll("/+$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.matches("\\d+") ? last : null;
    }
}
