package io.jirasync.tracker.connector;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jirasync.integration.IntegrationSettings;
import io.jirasync.tracker.TrackerApi;

/**
 * Sentry's issue API as Sentry and GlitchTip (which copies Sentry's paths) share it: {@code PUT} of an issue with
 * {@code status} ({@code resolved}, {@code unresolved}, {@code ignored}), {@code statusDetails.inRelease} from
 * the fix version and {@code assignedTo}; {@code GET /api/0/projects/{org}/{project}/} for {@code test}. Bearer
 * token. Sentry answers 400 naming {@code assignedTo} for a user it does not know.
 */
final class SentryCompatibleApi implements TrackerApi {

    private final String name;
    private final BiFunction<IntegrationSettings.Tracker, String, String> issuePath;
    private final boolean assigns;

    /**
     * @param issuePath the path of one issue, from the settings and the issue id
     * @param assigns whether the tracker's issue API takes {@code assignedTo}
     */
    SentryCompatibleApi(String name, BiFunction<IntegrationSettings.Tracker, String, String> issuePath,
            boolean assigns) {
        this.name = name;
        this.issuePath = issuePath;
        this.assigns = assigns;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Call update(Change change, IntegrationSettings.Tracker settings, String token) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        List<String> said = new ArrayList<>();
        String echo = null;
        if (change.changed("state") || change.changed("resolvedUntilVersion")) {
            body.put("status", status(change.state()));
            echo = "unresolved".equals(status(change.state())) ? "open" : change.state();
            said.add("set to " + status(change.state()));
            if ("resolved".equals(change.state()) && change.resolvedUntilVersion() != null) {
                body.putObject("statusDetails").put("inRelease", change.resolvedUntilVersion());
                said.add("in release " + change.resolvedUntilVersion());
            }
        }
        boolean assign = assigns && change.changed("assignee");
        if (assign) {
            if (change.assignee() == null) {
                body.putNull("assignedTo");
            } else {
                body.put("assignedTo", change.assignee());
            }
            said.add(change.assignee() == null ? "unassigned" : "assigned to " + change.assignee());
        }
        if (body.isEmpty()) {
            return null;
        }
        return new Call("PUT", issuePath.apply(settings, segment(change.fingerprint())),
                TrackerApi.jsonHeaders("Authorization", "Bearer " + token), body.toString(), echo, assign,
                name + " issue " + change.fingerprint() + " " + String.join(", ", said));
    }

    @Override
    public Call probe(IntegrationSettings.Tracker settings, String token) {
        return new Call("GET", "/api/0/projects/" + segment(settings.organization()) + "/"
                + segment(settings.project()) + "/", TrackerApi.jsonHeaders("Authorization", "Bearer " + token), null,
                null, false, "the " + name + " project " + settings.organization() + "/" + settings.project());
    }

    @Override
    public List<String> missing(IntegrationSettings.Tracker settings, String token) {
        List<String> missing = TrackerApi.super.missing(settings, token);
        if (settings.organization() == null) {
            missing.add("tracker.organization");
        }
        if (settings.project() == null) {
            missing.add("tracker.project");
        }
        return missing;
    }

    @Override
    public boolean unknownAssignee(Call call, int status, String body) {
        return call.setsAssignee() && status == 400 && body.contains("assignedTo");
    }

    private static String status(String state) {
        return switch (state) {
            case "resolved" -> "resolved";
            case "ignored" -> "ignored";
            default -> "unresolved";
        };
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
