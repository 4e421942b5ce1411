package io.jirasync.tracker.connector;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jirasync.integration.IntegrationSettings;
import io.jirasync.tracker.PayloadShape;
import io.jirasync.tracker.TrackerApi;
import io.jirasync.tracker.TrackerReport;

/**
 * Sentry's issue API as Sentry and GlitchTip (which copies Sentry's paths) share it: {@code PUT} of an issue with
 * {@code status} ({@code resolved}, {@code unresolved}, {@code ignored}), {@code statusDetails.inRelease} from
 * the fix version and {@code assignedTo}; {@code GET /api/0/projects/{org}/{project}/} for {@code test}. Bearer
 * token. Sentry answers 400 naming {@code assignedTo} for a user it does not know.
 */
final class SentryCompatibleApi implements TrackerApi {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** {@code GET /api/0/projects/{org}/{project}/issues/?query=lastSeen:>...&sort=date}: every status, newest first. */
    @Override
    public Call seenSince(IntegrationSettings.Tracker settings, String token, Instant since) {
        return new Call("GET", "/api/0/projects/" + segment(settings.organization()) + "/" + segment(settings.project())
                + "/issues/?query=" + segment("lastSeen:>" + since) + "&sort=date&limit=100",
                TrackerApi.jsonHeaders("Authorization", "Bearer " + token), null, null, false,
                name + " issues seen since " + since);
    }

    /** Each issue as the webhook of its status (resolved, unresolved, ignored) reports it. */
    @Override
    public List<TrackerReport.Fingerprint> polled(String body, Instant received) {
        List<TrackerReport.Fingerprint> reports = new ArrayList<>();
        JsonNode issues;
        try {
            issues = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(name + "'s issue list is not JSON", e);
        }
        for (JsonNode issue : issues) {
            ObjectNode payload = JsonNodeFactory.instance.objectNode().put("action", issue.path("status").asText());
            payload.putObject("data").set("issue", issue);
            if (SentryConnector.issue(new PayloadShape(payload), received) instanceof TrackerReport.Fingerprint f) {
                reports.add(f);
            }
        }
        return reports;
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
