package io.jirasync.tracker;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.integration.PreflightCheck;
import io.jirasync.integration.PreflightService.Finding;
import io.jirasync.integration.StoredIntegration;

/**
 * The tracker side of {@code test}: for a tracker with an API, the token reaches it and sees the organization and
 * project (Sentry and GlitchTip {@code GET /api/0/projects/{org}/{project}/}, Bugsnag {@code GET /projects/{id}},
 * Rollbar {@code GET /api/1/items}); each finding names the setting to fix. Reads only.
 */
@ApplicationScoped
public class TrackerPreflight implements PreflightCheck {

    private final TrackerConnectors connectors;
    private final TrackerApiCalls calls;

    TrackerPreflight(TrackerConnectors connectors, TrackerApiCalls calls) {
        this.connectors = connectors;
        this.calls = calls;
    }

    @Override
    public List<Finding> check(StoredIntegration integration) {
        Optional<TrackerApi> api = connectors.api(integration.tracker().kindOrGeneric());
        if (api.isEmpty()) {
            return List.of();
        }
        String token = integration.trackerToken().orElse(null);
        List<String> missing = api.get().missing(integration.tracker(), token);
        if (!missing.isEmpty()) {
            return missing.stream().map(field -> new Finding("error", field, "The " + api.get().name()
                    + " connector needs " + field + " to update the tracker and to be tested.")).toList();
        }
        TrackerApi.Call probe = api.get().probe(integration.tracker(), token);
        return List.of(finding(api.get(), probe, calls.send(integration.tracker(), probe)));
    }

    private static Finding finding(TrackerApi api, TrackerApi.Call probe, TrackerHttp.Answer answer) {
        int status = answer.status();
        if (status / 100 == 2) {
            return new Finding("ok", "tracker.token", api.name() + " answers and the token sees " + probe.what()
                    + ".");
        }
        if (status == 0) {
            return new Finding("error", "tracker.url", answer.refused() != null ? answer.refused()
                    : answer.unreachable());
        }
        if (status == 401 || status == 403) {
            return new Finding("error", "tracker.token", api.name() + " refuses the token (HTTP " + status
                    + "): give it access to " + probe.what() + ".");
        }
        if (status == 404) {
            return new Finding("error", api.name().equals("Bugsnag") || api.name().equals("Rollbar") ? "tracker.project"
                    : "tracker.organization",
                    api.name() + " does not know " + probe.what() + " (HTTP 404): check"
                            + " tracker.organization and tracker.project.");
        }
        return new Finding("error", "tracker.url", api.name() + " answered HTTP " + status + " to " + probe.what()
                + ".");
    }
}
