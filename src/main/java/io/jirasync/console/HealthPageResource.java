package io.jirasync.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** How the sync is doing: Jira budgets, backlogs, reconciliation, webhooks and a trend of the last hours. */
@Path("/console/health")
@Produces(MediaType.TEXT_HTML)
public class HealthPageResource {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance health(ConsoleHealth.Report report, boolean scoped);
    }

    private final ConsoleHealth health;
    private final ConsoleProjects projects;
    private final ConsoleSession session;

    HealthPageResource(ConsoleHealth health, ConsoleProjects projects, ConsoleSession session) {
        this.health = health;
        this.projects = projects;
        this.session = session;
    }

    @Operation(hidden = true)
    @GET
    public TemplateInstance page() {
        boolean scoped = session.grant().scoped();
        return Templates.health(health.report(projects.visible(), !scoped), scoped);
    }
}
