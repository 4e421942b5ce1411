package io.jirasync.console;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.jirasync.integration.IntegrationOverviewService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's first page: the integrations the session may see, as {@code GET /api/v1/integrations} lists them. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class IntegrationsPageResource {

    /** Rows per page. */
    static final int PAGE = 100;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance integrations(IntegrationOverviewService.Page page, String after);
    }

    private final IntegrationOverviewService overview;
    private final ConsoleSession session;

    IntegrationsPageResource(IntegrationOverviewService overview, ConsoleSession session) {
        this.overview = overview;
        this.session = session;
    }

    @Operation(hidden = true)
    @GET
    public TemplateInstance page(@QueryParam("after") @DefaultValue("") String after) {
        return Templates.integrations(overview.page(after.isEmpty() ? null : after, PAGE, session.projects()), after);
    }
}
