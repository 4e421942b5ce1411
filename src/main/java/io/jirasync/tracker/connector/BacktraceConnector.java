package io.jirasync.tracker.connector;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.tracker.PayloadShape;
import io.jirasync.tracker.TrackerConnector;
import io.jirasync.tracker.TrackerDelivery;
import io.jirasync.tracker.TrackerReport;

/**
 * Backtrace's webhook integration: one request per group ({@code fingerprint}, {@code group_url},
 * {@code occurrences}, {@code callstack}, {@code classifiers}, {@code attributes} as histograms of
 * {@code [value, count]}). Each histogram gives its most frequent value. Backtrace does not sign: the secret
 * comes as {@code ?token=}.
 */
@ApplicationScoped
public class BacktraceConnector implements TrackerConnector {

    @Override
    public String kind() {
        return "backtrace";
    }

    @Override
    public TrackerReport read(TrackerDelivery delivery) {
        PayloadShape shape = new PayloadShape(delivery.tree());
        String fingerprint = shape.required("fingerprint");
        String link = shape.required("group_url");
        shape.check();
        JsonNode seen = shape.node("timestamp");
        return new TrackerReport.Fingerprint(fingerprint, title(shape), link,
                seen.isArray() && seen.size() == 2 && seen.get(1).canConvertToLong()
                        ? java.time.Instant.ofEpochSecond(seen.get(1).asLong())
                        : delivery.received(),
                PayloadShape.attributes("environment", top(shape.node("attributes.environment")), "version",
                        top(shape.node("attributes.version")), "application", shape.text("application"), "project",
                        shape.text("project")),
                0, shape.count("occurrences"), null, "group");
    }

    /** {@code exception in printf ← my_fn ← main (my_app.exe)}: classifiers, the top three frames, the binary. */
    private static String title(PayloadShape shape) {
        List<String> classifiers = new ArrayList<>();
        shape.node("classifiers").forEach(c -> classifiers.add(c.asText()));
        List<String> frames = new ArrayList<>();
        for (JsonNode frame : shape.node("callstack")) {
            if (frames.size() == 3) {
                break;
            }
            frames.add(frame.asText());
        }
        String what = classifiers.isEmpty() ? "crash" : String.join(", ", classifiers);
        String where = frames.isEmpty() ? "" : " in " + String.join(" \u2190 ", frames);
        String application = shape.text("application");
        return what + where + (application == null ? "" : " (" + application + ")");
    }

    /** The value with the highest count of a {@code [[value, count], ...]} histogram. */
    static String top(JsonNode histogram) {
        String best = null;
        long bestCount = -1;
        for (JsonNode entry : histogram) {
            if (entry.isArray() && entry.size() == 2 && entry.get(1).asLong() > bestCount) {
                best = PayloadShape.text(entry.get(0));
                bestCount = entry.get(1).asLong();
            }
        }
        return best;
    }
}
