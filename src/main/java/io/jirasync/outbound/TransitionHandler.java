package io.jirasync.outbound;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.fingerprint.FingerprintPatch;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.dto.JiraIssue;
import io.jirasync.jira.dto.Transition;

/**
 * Moves the ticket to the Jira status the fingerprint's state maps to ({@code {"state": "resolved"}}): by the
 * status named in {@code statusMapping.outbound}, else by status category. Reads the issue first, so a ticket
 * already there costs no write; fills a resolution when the transition's screen requires one.
 */
@ApplicationScoped
public class TransitionHandler implements SyncTaskHandler {

    /** Resolution names preferred per state, in order, when a transition needs one; else Jira's first. */
    private static final Map<FingerprintState, List<String>> RESOLUTIONS = Map.of(
            FingerprintState.RESOLVED, List.of("done", "fixed", "resolved"),
            FingerprintState.IGNORED, List.of("won't do", "won't fix", "declined", "cannot reproduce"));

    private final TicketTarget.Finder targets;
    private final JiraClient jira;
    private final JiraWriteLedger ledger;
    private final FingerprintService fingerprints;

    TransitionHandler(TicketTarget.Finder targets, JiraClient jira, JiraWriteLedger ledger,
            FingerprintService fingerprints) {
        this.targets = targets;
        this.jira = jira;
        this.ledger = ledger;
        this.fingerprints = fingerprints;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.TRANSITION;
    }

    /** The Jira status a tracker state maps to: a status name, or (when none is configured) a status category. */
    record StatusGoal(String name, String category) {

        static StatusGoal of(FingerprintState state, Map<String, String> outbound) {
            String name = outbound == null ? null : outbound.get(state.wire());
            if (name != null) {
                return new StatusGoal(name, null);
            }
            return new StatusGoal(null, switch (state) {
                case OPEN -> "new";
                case IN_PROGRESS -> "indeterminate";
                case RESOLVED, IGNORED -> "done";
            });
        }

        boolean reachedBy(String statusName, String categoryKey) {
            return name != null ? name.equalsIgnoreCase(statusName) : category.equals(categoryKey);
        }

        @Override
        public String toString() {
            return name != null ? "status " + name : "a status of category " + category;
        }
    }

    @Override
    public TaskOutcome run(SyncTask task) {
        TicketTarget target = targets.of(task);
        if (target.stop() != null) {
            return target.stop();
        }
        Optional<FingerprintState> state = FingerprintState.fromWire(target.payload().path("state").asText(null));
        if (state.isEmpty()) {
            return new TaskOutcome.Failed("The transition task names no tracker state.", null);
        }
        StatusGoal goal = StatusGoal.of(state.get(), target.integration().settings().statusMapping().outbound());
        JiraSite site = target.integration().site();
        String key = target.key();
        JiraIssue issue = jira.issue(site, key, List.of("status"));
        String current = issue.statusName().orElse("?");
        if (goal.reachedBy(current, issue.statusCategory().orElse(null))) {
            remember(task, current);
            return new TaskOutcome.Skipped(key + " is already in " + current + " (the tracker state is "
                    + state.get().wire() + "); nothing sent.", key);
        }
        List<Transition> available = jira.transitions(site, key, true);
        Optional<Transition> chosen = available.stream()
                .filter(t -> t.to() != null && goal.reachedBy(t.to().name(),
                        t.to().statusCategory() == null ? null : t.to().statusCategory().key()))
                .findFirst();
        if (chosen.isEmpty()) {
            return new TaskOutcome.Failed(key + " is in " + current + " and no transition available to "
                    + site.principal() + " leads to " + goal + " (for tracker state " + state.get().wire()
                    + "); available: " + describe(available) + ".", null);
        }
        Transition transition = chosen.get();
        Map<String, Object> fields = new LinkedHashMap<>();
        String resolution = null;
        for (String field : transition.requiredFields()) {
            if (!field.equals("resolution")) {
                return new TaskOutcome.Failed("Transition '" + transition.name() + "' of " + key
                        + " requires the field " + field + ", which jira-sync does not fill; change the workflow"
                        + " screen or map the state to another status.", null);
            }
            Optional<JsonNode> value = resolution(transition.fields().get(field), state.get());
            if (value.isEmpty()) {
                return new TaskOutcome.Failed("Transition '" + transition.name() + "' of " + key
                        + " requires a resolution but Jira offers none.", null);
            }
            resolution = value.get().path("name").asText(null);
            fields.put("resolution", value.get().hasNonNull("id") ? Map.of("id", value.get().get("id").asText())
                    : Map.of("name", resolution));
        }
        // Recorded before the call: Jira may deliver the webhook of this change before the call returns.
        ledger.recordWrite(task.project, task.fingerprint, key, JiraWriteLedger.Field.STATUS, transition.to().name());
        jira.transition(site, key, transition.id(), fields.isEmpty() ? null : fields);
        remember(task, transition.to().name());
        return new TaskOutcome.Done("Moved " + key + " from " + current + " to " + transition.to().name()
                + " (transition '" + transition.name() + "'" + (resolution == null ? "" : ", resolution " + resolution)
                + ") for tracker state " + state.get().wire() + ".", key);
    }

    /** Keeps the fingerprint's copy of the ticket's status current; fires no event, so nothing echoes. */
    private void remember(SyncTask task, String status) {
        fingerprints.applyFromJira(task.project, task.fingerprint, new FingerprintPatch(null, false, null, false, null),
                status);
    }

    private static Optional<JsonNode> resolution(JsonNode fieldMeta, FingerprintState state) {
        List<JsonNode> allowed = new java.util.ArrayList<>();
        fieldMeta.path("allowedValues").forEach(allowed::add);
        for (String preferred : RESOLUTIONS.getOrDefault(state, List.of())) {
            Optional<JsonNode> match = allowed.stream()
                    .filter(v -> preferred.equals(v.path("name").asText("").toLowerCase(Locale.ROOT))).findFirst();
            if (match.isPresent()) {
                return match;
            }
        }
        return allowed.stream().findFirst();
    }

    private static String describe(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return "none";
        }
        return transitions.stream()
                .map(t -> "'" + t.name() + "' -> " + (t.to() == null ? "?" : t.to().name()))
                .collect(Collectors.joining(", "));
    }
}
