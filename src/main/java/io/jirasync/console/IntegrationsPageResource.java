package io.jirasync.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's first page: the integrations. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class IntegrationsPageResource {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance integrations();
    }

    @Operation(hidden = true)
    @GET
    public TemplateInstance page() {
        return Templates.integrations();
    }
}
