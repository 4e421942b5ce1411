package io.jirasync.outbound;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.jira.JiraClient;

/** Adds a plain-text comment ({@code {"text": "..."}}) to the fingerprint's ticket. */
@ApplicationScoped
public class CommentHandler implements SyncTaskHandler {

    private final TicketTarget.Finder targets;
    private final JiraClient jira;

    CommentHandler(TicketTarget.Finder targets, JiraClient jira) {
        this.targets = targets;
        this.jira = jira;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.COMMENT;
    }

    @Override
    public TaskOutcome run(SyncTask task) {
        TicketTarget target = targets.of(task);
        if (target.stop() != null) {
            return target.stop();
        }
        String text = target.payload().path("text").asText("");
        if (text.isBlank()) {
            return new TaskOutcome.Failed("The comment task carries no text.", null);
        }
        jira.addComment(target.integration().site(), target.key(), text);
        return new TaskOutcome.Done("Commented on " + target.key() + ": " + abbreviate(text), target.key());
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }
}
