package io.jirasync.outbound;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.integration.IssueComposer;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraSite;
import io.jirasync.template.TextLimit;

/**
 * Adds a plain-text comment ({@code {"text": "..."}}) to the fingerprint's ticket; one over Jira's limit is cut to
 * fit, with a note at its end, rather than refused.
 */
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
        JiraSite site = target.integration().site();
        TextLimit.Fit fit = TextLimit.fit(text, TextLimit.TEXT, IssueComposer.target(site).richMeasure());
        jira.addComment(site, target.key(), fit.text());
        String cut = fit.cut() ? " (" + TextLimit.warning("The comment", fit.length(), fit.limit()) + ")" : "";
        return new TaskOutcome.Done("Commented on " + target.key() + ": " + abbreviate(text) + cut, target.key());
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : TextLimit.prefix(text, 199) + "…";
    }
}
