package io.jirasync.inbound;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.fingerprint.Versions;
import io.jirasync.integration.IntegrationSettings;

/**
 * The inbound side's decisions per field, without the database: each returns what it sets on the fingerprint and
 * the sentence the sync log shows for it. Whether a value is jira-sync's own write (an echo) is asked of the
 * caller, only when the decision gets that far.
 */
final class InboundDecisions {

    /**
     * One field's decision: when {@code sets}, the fingerprint's field becomes {@code value}; {@code echo} marks a
     * value jira-sync itself wrote; {@code sentence} says why nothing is set (null when nothing needs saying).
     */
    record Change<T>(boolean sets, T value, boolean echo, String sentence) {

        static <T> Change<T> none() {
            return new Change<>(false, null, false, null);
        }

        static <T> Change<T> set(T value) {
            return new Change<>(true, value, false, null);
        }

        static <T> Change<T> leave(String sentence) {
            return new Change<>(false, null, false, sentence);
        }

        static <T> Change<T> echoed(String sentence) {
            return new Change<>(false, null, true, sentence);
        }
    }

    /** How far ahead of this worker's clock Jira's {@code updated} or a delivery's time may be. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private static final Map<String, FingerprintState> BY_CATEGORY = Map.of("new", FingerprintState.OPEN,
            "indeterminate", FingerprintState.IN_PROGRESS, "done", FingerprintState.RESOLVED);

    private InboundDecisions() {
    }

    /** The state from the ticket's status, unless state sync is off, the status is our echo, or it maps to none. */
    static Change<FingerprintState> state(IntegrationSettings settings, IssueSnapshot issue, String key,
            BooleanSupplier ownWrite) {
        if (issue.statusName() == null) {
            return Change.none();
        }
        if (!Boolean.TRUE.equals(settings.sync().inbound().state())) {
            return Change.leave("Inbound state sync is off: status " + issue.statusName() + " not applied.");
        }
        if (ownWrite.getAsBoolean()) {
            return Change.echoed("Status " + issue.statusName() + " is what jira-sync itself wrote to " + key
                    + ": not applied back.");
        }
        FingerprintState state = stateOf(settings, issue);
        return state != null ? Change.set(state)
                : Change.leave("Status " + issue.statusName() + " has no known "
                        + "status category and no entry in statusMapping.inbound: the state is left as it is.");
    }

    /**
     * The assignee (null: nobody) from the ticket's, unless assignee sync is off, the value is our echo (asked by
     * the Jira user's id, then by name), or the Jira user has no tracker user.
     */
    static Change<String> assignee(IntegrationSettings settings, IssueSnapshot issue, String key,
            Predicate<String> ownWrite) {
        if (!issue.assigneeKnown()) {
            return Change.none();
        }
        JiraPerson person = issue.assignee();
        if (!Boolean.TRUE.equals(settings.sync().inbound().assignee())) {
            return Change.leave("Inbound assignee sync is off: the assignee is not applied.");
        }
        if (ownWrite.test(person == null ? null : person.id()) || (person != null && person.name() != null
                && person.accountId() != null && ownWrite.test(person.name()))) {
            return Change.echoed("The assignee of " + key + " is what jira-sync itself set: not applied back.");
        }
        if (person == null) {
            return Change.set(null);
        }
        String assignee = trackerUser(settings, person);
        return assignee != null ? Change.set(assignee)
                : Change.leave("Jira user " + person.describe() + " has no "
                        + "tracker user in the users mapping and Jira shows no e-mail for them: the assignee is left as it is.");
    }

    /**
     * Resolved-until: the highest fix version of a done ticket, cleared when the ticket is not done (unless that
     * status is our own echo: a regression jira-sync pushed out); left alone when the snapshot shows neither.
     */
    static Change<String> resolvedUntil(IntegrationSettings settings, IssueSnapshot issue, boolean statusEcho) {
        if (issue.fixVersions() == null || issue.statusCategory() == null) {
            return Change.none();
        }
        boolean done = "done".equals(issue.statusCategory());
        if (!Boolean.TRUE.equals(settings.sync().inbound().fixVersion())) {
            return Change.leave("Inbound fix-version sync is off: resolved-until is not applied.");
        }
        if (done && !issue.fixVersions().isEmpty()) {
            return Change.set(issue.fixVersions().stream().max(Versions.COMPARATOR).orElseThrow());
        }
        return !done && !statusEcho ? Change.set(null) : Change.none();
    }

    /** Why a snapshot that is not newer than the watermark changes nothing; null when it is newer. */
    static String stale(Watermark mark, IssueSnapshot issue, Instant deliveryTimestamp, String key) {
        if (mark.olderThan(issue, deliveryTimestamp)) {
            return null;
        }
        return "jira-sync already applied " + key + " as it was at "
                + (mark.updated() == null ? "its last delivery" : String.valueOf(mark.updated())) + "; this "
                + (deliveryTimestamp == null ? "search result" : "delivery") + " (Jira updated " + issue.updated()
                + ") is not newer and changes nothing.";
    }

    /**
     * {@code time}, or {@code now} when it is more than {@link #FUTURE_TOLERANCE} after {@code now} (null stays null):
     * a time far ahead, taken as it is, would make every later real change look older and be dropped.
     */
    static Instant notInTheFuture(Instant time, Instant now) {
        return time != null && time.isAfter(now.plus(FUTURE_TOLERANCE)) ? now : time;
    }

    /** The sentence of a time ({@code what}: whose) taken as now because it lay too far in the future. */
    static String takenAsNow(String what, Instant time, Instant now) {
        return what + " " + time + " is more than " + FUTURE_TOLERANCE.toMinutes() + " minutes in the future: taken as "
                + now + ".";
    }

    /** The sentence of an applied state change. */
    static String stateChanged(IssueSnapshot issue, String key, FingerprintState from, FingerprintState to) {
        return "Status " + issue.statusName() + " of " + key + ": state " + from.wire() + " -> " + to.wire() + ".";
    }

    /** The sentence of an applied assignee change. */
    static String assigneeChanged(String from, String to) {
        return "Assignee " + (from == null ? "nobody" : from) + " -> " + (to == null ? "nobody" : to) + ".";
    }

    /** The sentence of an applied resolved-until change. */
    static String resolvedUntilChanged(IssueSnapshot issue, String key, String from, String to) {
        return to == null ? "Resolved-until " + from + " cleared: " + key + " is not done any more."
                : "Resolved until " + to + ", the highest fix version of " + key + " " + issue.fixVersions() + ".";
    }

    /** The sentence of a snapshot that changed nothing. */
    static String unchanged(IssueSnapshot issue, String key) {
        return "Jira issue " + key + " (" + issue.statusName() + ", from " + issue.source()
                + ") matches the fingerprint already: nothing changed.";
    }

    /** Whether only the ticket's status name changed (the state stays): the link's status is news for the tracker. */
    static boolean onlyStatusNameChanged(IssueSnapshot issue, String linkedStatus, boolean statusEcho,
            List<String> changes) {
        return issue.statusName() != null && linkedStatus != null && !issue.statusName().equals(linkedStatus)
                && !statusEcho && !changes.contains("state");
    }

    /** {@code statusMapping.inbound} by status name (case-insensitive), else the status category. */
    static FingerprintState stateOf(IntegrationSettings settings, IssueSnapshot issue) {
        Map<String, String> byName = settings.statusMapping() == null || settings.statusMapping().inbound() == null
                ? Map.of()
                : settings.statusMapping().inbound();
        for (Map.Entry<String, String> entry : byName.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(issue.statusName())) {
                return FingerprintState.fromWire(entry.getValue()).orElse(null);
            }
        }
        return issue.statusCategory() == null ? null
                : BY_CATEGORY.get(issue.statusCategory().toLowerCase(Locale.ROOT));
    }

    /** The users mapping read backwards, then the Jira user's e-mail when Jira shows it; null when neither. */
    static String trackerUser(IntegrationSettings settings, JiraPerson person) {
        if (settings.users() != null) {
            for (IntegrationSettings.UserMapping user : settings.users()) {
                if (user.jira().equals(person.accountId()) || user.jira().equals(person.name())) {
                    return user.tracker();
                }
            }
        }
        return person.email();
    }
}
