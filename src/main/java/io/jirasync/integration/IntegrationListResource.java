package io.jirasync.integration;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.jirasync.problem.Problem;
import io.jirasync.security.Roles;

/** The list of integrations: {@code GET /api/v1/integrations}. */
@Path("/api/v1/integrations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class IntegrationListResource {

    private final IntegrationOverviewService overview;

    IntegrationListResource(IntegrationOverviewService overview) {
        this.overview = overview;
    }

    @Operation(summary = "List the integrations", description = "Every integration in project order, one page at a time: its Jira site and project, whether it opens tickets by itself, the newest ticket it created, its failed tasks and when the newest Jira webhook arrived. Never a secret.")
    @APIResponse(responseCode = "200", description = "One page of integrations.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationOverviewService.Page.class)))
    @APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    public IntegrationOverviewService.Page list(
            @QueryParam("after") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return overview.page(after, limit, List.of());
    }
}
