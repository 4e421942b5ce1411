package io.jirasync.console;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;

import io.jirasync.integration.IntegrationService;
import io.jirasync.problem.ProblemException;

/** The integrations' projects the signed-in session may see, and the one a page is about. */
@RequestScoped
public class ConsoleProjects {

    private final IntegrationService integrations;
    private final ConsoleSession session;

    ConsoleProjects(IntegrationService integrations, ConsoleSession session) {
        this.integrations = integrations;
        this.session = session;
    }

    /** Every project with an integration that the session covers, in order. */
    public List<String> visible() {
        return integrations.projects().stream().filter(session::covers).toList();
    }

    /** The project asked for, or the first visible one when none was; null when there is none at all. */
    public String chosen(String asked) {
        if (asked != null && !asked.isBlank()) {
            return allowed(asked);
        }
        List<String> visible = visible();
        return visible.isEmpty() ? null : visible.get(0);
    }

    /** A form's or query's text field: trimmed, null when it is empty. */
    public static String orNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The project, when the session covers it; otherwise 403, naming the session's projects. */
    public String allowed(String project) {
        if (!session.covers(project)) {
            throw new ProblemException(403, "Not your project", "This session is limited to "
                    + String.join(", ", session.projects()) + "; not to " + project + ".");
        }
        return project;
    }
}
