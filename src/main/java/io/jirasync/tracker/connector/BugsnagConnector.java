package io.jirasync.tracker.connector;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.jirasync.fingerprint.FingerprintPatch;
import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.integration.IntegrationSettings;
import io.jirasync.tracker.PayloadShape;
import io.jirasync.tracker.TrackerApi;
import io.jirasync.tracker.TrackerConnector;
import io.jirasync.tracker.TrackerDelivery;
import io.jirasync.tracker.TrackerReport;

/**
 * Bugsnag's webhook plugin ({@code {"account", "project", "trigger", "error"}}): the triggers about one error
 * (firstException, exception, powerTen, errorEventFrequency, reopened, errorStateManualChange). The key is the
 * error's id, the one its Data Access API takes. Bugsnag does not sign: the secret comes as {@code ?token=}.
 */
@ApplicationScoped
public class BugsnagConnector implements TrackerConnector, TrackerApi {

    @Override
    public String kind() {
        return "bugsnag";
    }

    @Override
    public java.util.Optional<TrackerApi> api() {
        return java.util.Optional.of(this);
    }

    @Override
    public String name() {
        return "Bugsnag";
    }

    /**
     * The Data Access API's {@code PATCH /projects/{project_id}/errors/{error_id}} with {@code operation} fix,
     * ignore or open. Bugsnag assigns collaborators by id only, so assignees stay.
     */
    @Override
    public Call update(Change change, IntegrationSettings.Tracker settings, String token) {
        if (!change.changed("state")) {
            return null;
        }
        String operation = switch (change.state()) {
            case "resolved" -> "fix";
            case "ignored" -> "ignore";
            default -> "open";
        };
        return new Call("PATCH", "/projects/" + settings.project() + "/errors/" + change.fingerprint(),
                headers(token), JsonNodeFactory.instance.objectNode().put("operation", operation).toString(),
                "open".equals(operation) ? "open" : change.state(), false,
                "Bugsnag error " + change.fingerprint() + ": " + operation);
    }

    /** {@code GET /projects/{project_id}}: the token sees the project. */
    @Override
    public Call probe(IntegrationSettings.Tracker settings, String token) {
        return new Call("GET", "/projects/" + settings.project(), headers(token), null, null, false,
                "the Bugsnag project " + settings.project());
    }

    @Override
    public java.util.List<String> missing(IntegrationSettings.Tracker settings, String token) {
        java.util.List<String> missing = TrackerApi.super.missing(settings, token);
        if (settings.project() == null) {
            missing.add("tracker.project");
        }
        return missing;
    }

    // The Data Access API wants its version named on every request.
    private static java.util.Map<String, String> headers(String token) {
        return java.util.Map.of("Content-Type", "application/json", "Accept", "application/json", "User-Agent",
                "jira-sync", "X-Version", "2", "Authorization", "token " + token);
    }

    @Override
    public TrackerReport read(TrackerDelivery delivery) {
        PayloadShape shape = new PayloadShape(delivery.tree());
        String trigger = shape.required("trigger.type");
        shape.check();
        FingerprintPatch patch;
        switch (trigger) {
            case "firstException", "exception", "powerTen", "errorEventFrequency" -> patch = null;
            case "reopened" -> patch = FingerprintPatch.state(FingerprintState.OPEN);
            case "errorStateManualChange" -> patch = stateOf(shape.text("error.status"));
            default -> {
                return new TrackerReport.Ignored("Bugsnag's " + trigger + " trigger is not used; jira-sync reads"
                        + " firstException, exception, powerTen, errorEventFrequency, reopened and"
                        + " errorStateManualChange.");
            }
        }
        shape.requiredObject("error");
        String id = shape.required("error.errorId");
        String exceptionClass = shape.required("error.exceptionClass");
        shape.check();
        String message = shape.text("error.message");
        return new TrackerReport.Fingerprint(id, message == null ? exceptionClass : exceptionClass + ": " + message,
                shape.text("error.url"), shape.instant("error.receivedAt", delivery.received()),
                PayloadShape.attributes("level", shape.text("error.severity"), "environment",
                        shape.text("error.releaseStage"), "version", shape.text("error.appVersion"), "context",
                        shape.text("error.context"), "platform", shape.text("project.platform"), "project",
                        shape.text("project.name")),
                trigger.equals("exception") || trigger.equals("firstException") ? 1 : 0, shape.count("error.eventsCount"),
                patch, trigger);
    }

    /** Bugsnag's error states: open, fixed, snoozed, ignored. */
    private static FingerprintPatch stateOf(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "open" -> FingerprintPatch.state(FingerprintState.OPEN);
            case "fixed" -> FingerprintPatch.state(FingerprintState.RESOLVED);
            case "snoozed", "ignored" -> FingerprintPatch.state(FingerprintState.IGNORED);
            default -> null;
        };
    }
}
