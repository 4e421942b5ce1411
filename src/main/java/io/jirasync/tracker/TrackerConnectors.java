package io.jirasync.tracker;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** Every connector by its kind: the one place that knows which trackers jira-sync speaks to. */
@ApplicationScoped
public class TrackerConnectors {

    private final Map<String, TrackerConnector> byKind = new TreeMap<>();

    TrackerConnectors(Instance<TrackerConnector> connectors) {
        for (TrackerConnector connector : connectors) {
            byKind.put(connector.kind(), connector);
        }
    }

    /** The connector of {@code kind}, if jira-sync has one. */
    public Optional<TrackerConnector> of(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** The API of the connector of {@code kind}, if it has one. */
    public Optional<TrackerApi> api(String kind) {
        return of(kind).flatMap(TrackerConnector::api);
    }

    /** The kinds there are connectors for. */
    public java.util.Set<String> kinds() {
        return byKind.keySet();
    }
}
