package io.jirasync.outbound;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.integration.IntegrationSettings;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraSite;
import io.jirasync.jira.dto.JiraUser;

/**
 * Assigns the ticket to the Jira user standing for the fingerprint's assignee ({@code {"assignee": "ana@acme.com"}},
 * null unassigns): the integration's {@code users} table first, then Jira's user search by e-mail where the site
 * shows e-mails. A tracker user with no match fails the task; nobody else is ever assigned in their place.
 */
@ApplicationScoped
public class AssignHandler implements SyncTaskHandler {

    private final TicketTarget.Finder targets;
    private final JiraClient jira;
    private final JiraWriteLedger ledger;

    AssignHandler(TicketTarget.Finder targets, JiraClient jira, JiraWriteLedger ledger) {
        this.targets = targets;
        this.jira = jira;
        this.ledger = ledger;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.ASSIGN;
    }

    /** A tracker user resolved to a Jira identity (accountId on Cloud, user name on Server), or why not. */
    private record Match(String jiraId, String how, String failure) {
    }

    @Override
    public TaskOutcome run(SyncTask task) {
        TicketTarget target = targets.of(task);
        if (target.stop() != null) {
            return target.stop();
        }
        String assignee = target.payload().path("assignee").isTextual() ? target.payload().get("assignee").asText()
                : null;
        JiraSite site = target.integration().site();
        String key = target.key();
        Match match = assignee == null ? new Match(null, null, null)
                : match(site, target.integration().settings().users(), assignee);
        if (match.failure() != null) {
            return new TaskOutcome.Failed(match.failure() + " " + key + " was left as it is.", null);
        }
        String current = jira.issue(site, key, List.of("assignee")).field("assignee")
                .map(a -> a.path(site.cloud() ? "accountId" : "name").asText(null)).orElse(null);
        if (match.jiraId() == null ? current == null : match.jiraId().equals(current)) {
            return new TaskOutcome.Skipped(key + (current == null ? " is already unassigned"
                    : " is already assigned to " + assignee + " (" + current + ")") + "; nothing sent.", key);
        }
        // Recorded before the call: Jira may deliver the webhook of this change before the call returns.
        ledger.recordWrite(task.project, task.fingerprint, key, JiraWriteLedger.Field.ASSIGNEE, match.jiraId());
        jira.assign(site, key, match.jiraId());
        return new TaskOutcome.Done(match.jiraId() == null ? "Unassigned " + key + "."
                : "Assigned " + key + " to " + assignee + " (" + match.jiraId() + ", " + match.how() + ").", key);
    }

    private Match match(JiraSite site, List<IntegrationSettings.UserMapping> users, String assignee) {
        Optional<String> mapped = users == null ? Optional.empty()
                : users.stream()
                        .filter(u -> u.tracker().equalsIgnoreCase(assignee)).map(IntegrationSettings.UserMapping::jira)
                        .findFirst();
        if (mapped.isPresent()) {
            return new Match(mapped.get(), "from the users table", null);
        }
        String hint = " Add {\"tracker\": \"" + assignee + "\", \"jira\": \"<" + (site.cloud() ? "accountId" : "user name")
                + ">\"} to the integration's users.";
        if (!assignee.contains("@")) {
            return new Match(null, null, "Tracker user " + assignee + " is not in the users table and is not an"
                    + " e-mail address to search Jira for." + hint);
        }
        List<JiraUser> found = jira.findUsers(site, assignee).stream()
                .filter(u -> assignee.equalsIgnoreCase(u.emailAddress()))
                .filter(u -> !Boolean.FALSE.equals(u.active()))
                .toList();
        if (found.size() == 1) {
            return new Match(found.get(0).id(), "found by e-mail", null);
        }
        if (found.isEmpty()) {
            return new Match(null, null, "Tracker user " + assignee + " is not in the users table and Jira shows no"
                    + " active user with that e-mail (the user may hide it)." + hint);
        }
        return new Match(null, null, "Tracker user " + assignee + " is not in the users table and " + found.size()
                + " Jira users have that e-mail." + hint);
    }
}
