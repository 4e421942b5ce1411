package io.jirasync.integration;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.jirasync.security.Roles;

/** {@code POST .../test} and {@code POST .../preview}: checks that read Jira and never write to it. */
@Path("/api/v1/integrations/{project}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class PreflightResource {

    /** {@code preview} body. */
    public record PreviewRequest(@NotBlank String fingerprint) {
    }

    private final PreflightService preflight;

    PreflightResource(PreflightService preflight) {
        this.preflight = preflight;
    }

    @POST
    @Path("/test")
    public PreflightService.TestResult test(
            @PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project) {
        return preflight.test(project);
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public PreflightService.Preview preview(
            @PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @NotNull @Valid PreviewRequest request) {
        return preflight.preview(project, request.fingerprint());
    }
}
