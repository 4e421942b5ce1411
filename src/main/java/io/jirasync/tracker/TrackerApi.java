package io.jirasync.tracker;

import java.util.List;
import java.util.Map;

import io.jirasync.integration.IntegrationSettings;

/**
 * The optional outbound part of a connector, for trackers with an API: the request that tells the tracker about a
 * change applied from Jira, and the request {@code test} makes to see the token reach the organization and
 * project. The notify task sends them (outbox, retries, address guard), so a connector only says what to send.
 */
public interface TrackerApi {

    /**
     * A fingerprint change applied from Jira, as the notify task carries it.
     *
     * @param fingerprint the tracker's own issue, error or item id
     * @param state open, in_progress, resolved or ignored
     * @param assignee the tracker user now assigned, null for nobody
     * @param resolvedUntilVersion the fix version, null for none
     * @param changes what changed: state, assignee, resolvedUntilVersion, jira
     */
    record Change(String fingerprint, String state, String assignee, String resolvedUntilVersion,
            List<String> changes) {

        /** Whether {@code field} is among the changes. */
        public boolean changed(String field) {
            return changes.contains(field);
        }

        /** The same change without its assignee part (a user the tracker does not know). */
        public Change withoutAssignee() {
            return new Change(fingerprint, state, assignee, resolvedUntilVersion,
                    changes.stream().filter(c -> !c.equals("assignee")).toList());
        }
    }

    /**
     * One request to the tracker's API.
     *
     * @param method the HTTP method
     * @param path the path and query, appended to {@code tracker.url}
     * @param headers the headers, authentication included
     * @param body the JSON body, null for none
     * @param echoState the fingerprint state the tracker's webhook reports for this write, null when the call sets
     *        no state (kept in the write ledger, so that webhook changes nothing)
     * @param setsAssignee whether the call sets the assignee (to {@code change.assignee()})
     * @param what the sentence for the sync log, e.g. "Sentry issue 42 set to resolved in release 2.0"
     */
    record Call(String method, String path, Map<String, String> headers, String body, String echoState,
            boolean setsAssignee, String what) {
    }

    /** The tracker's name in sentences, e.g. {@code Sentry}. */
    String name();

    /**
     * The request for {@code change}, or null when none of the changes is something this tracker's API takes (the
     * task is then skipped with a sentence).
     */
    Call update(Change change, IntegrationSettings.Tracker settings, String token);

    /** The request that shows the token reaches the API and sees the organization and project. */
    Call probe(IntegrationSettings.Tracker settings, String token);

    /**
     * The request for the project's issues seen since {@code since}, newest first, for the poll that repairs missed
     * webhooks; null (the default) when the tracker is not polled.
     */
    default Call seenSince(IntegrationSettings.Tracker settings, String token, java.time.Instant since) {
        return null;
    }

    /** The issues of a {@link #seenSince} answer, each as its webhook would report it. */
    default List<TrackerReport.Fingerprint> polled(String body, java.time.Instant received) {
        return List.of();
    }

    /** Whether an answer refusing {@code call} says the assignee is not a user the tracker knows. */
    default boolean unknownAssignee(Call call, int status, String body) {
        return false;
    }

    /** The settings {@link #probe} needs that are missing, by their names (e.g. {@code tracker.organization}). */
    default List<String> missing(IntegrationSettings.Tracker settings, String token) {
        List<String> missing = new java.util.ArrayList<>();
        if (settings.url() == null) {
            missing.add("tracker.url");
        }
        if (token == null) {
            missing.add("tracker.token");
        }
        return missing;
    }

    /** JSON headers with this authorization header. */
    static Map<String, String> jsonHeaders(String authName, String authValue) {
        return Map.of("Content-Type", "application/json", "Accept", "application/json", "User-Agent", "jira-sync",
                authName, authValue);
    }
}
