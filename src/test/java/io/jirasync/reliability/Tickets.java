package io.jirasync.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.jirasync.integration.MarkerLabel;

/** The invariant of ticket creation, checked on what Jira holds and what the database links. */
public final class Tickets {

    /** What was found: problems (empty when the invariant holds) and the counts behind them. */
    public record Check(List<String> problems, int issues, int markers, long linked, long distinctKeys) {

        public boolean holds() {
            return problems.isEmpty();
        }
    }

    private Tickets() {
    }

    public static List<String> fingerprints(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    /**
     * Exactly one ticket per fingerprint: every fingerprint's marker label on exactly one sandbox issue, no issue
     * without a known marker, every fingerprint linked in the database to a distinct key that exists in Jira.
     */
    public static Check exactlyOnePerFingerprint(Cluster cluster, Cluster.Node jira, String project,
            List<String> fingerprints) throws Exception {
        Map<String, List<String>> issues = cluster.sandboxIssues(jira);
        Map<String, String> markerToFingerprint = new HashMap<>();
        fingerprints.forEach(fp -> markerToFingerprint.put(MarkerLabel.of(project, fp), fp));
        Map<String, List<String>> keysByMarker = new HashMap<>();
        List<String> problems = new ArrayList<>();
        issues.forEach((key, labels) -> {
            List<String> markers = labels.stream().filter(markerToFingerprint::containsKey).toList();
            if (markers.size() != 1) {
                problems.add(key + " carries " + markers.size() + " known marker labels: " + labels);
            }
            markers.forEach(m -> keysByMarker.computeIfAbsent(m, k -> new ArrayList<>()).add(key));
        });
        keysByMarker.forEach((marker, keys) -> {
            if (keys.size() > 1) {
                problems.add("fingerprint " + markerToFingerprint.get(marker) + " has " + keys.size() + " tickets: " + keys);
            }
        });
        markerToFingerprint.forEach((marker, fp) -> {
            if (!keysByMarker.containsKey(marker)) {
                problems.add("fingerprint " + fp + " has no ticket");
            }
        });
        long linked = cluster.queryLong("select count(*) from fingerprint where project = '" + project
                + "' and jira_issue_key is not null");
        long distinct = cluster.queryLong("select count(distinct jira_issue_key) from fingerprint where project = '"
                + project + "'");
        if (linked != fingerprints.size() || distinct != fingerprints.size()) {
            problems.add(linked + " fingerprints linked to " + distinct + " distinct keys, expected " + fingerprints.size());
        }
        Set<String> linkedKeys = new HashSet<>(cluster.queryCounts("select jira_issue_key, 1 from fingerprint where "
                + "project = '" + project + "' and jira_issue_key is not null").keySet());
        linkedKeys.removeAll(issues.keySet());
        if (!linkedKeys.isEmpty()) {
            problems.add("linked keys missing in Jira: " + linkedKeys);
        }
        return new Check(problems, issues.size(), keysByMarker.size(), linked, distinct);
    }

    /** Waits until every fingerprint of the project is linked, or the time is up; returns the linked count. */
    public static long awaitLinked(Cluster cluster, String project, int expected, long timeoutMillis)
            throws Exception {
        String linked = "select count(*) from fingerprint where project = '" + project + "' and jira_issue_key is not null";
        Waits.until(Duration.ofMillis(timeoutMillis), Duration.ofMillis(500), () -> cluster.queryLong(linked) >= expected);
        return cluster.queryLong(linked);
    }
}
