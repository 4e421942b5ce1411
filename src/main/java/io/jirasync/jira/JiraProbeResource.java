package io.jirasync.jira;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.jirasync.problem.Problem;
import io.jirasync.security.Roles;

/**
 * Checks a Jira connection before it is saved: who the credentials belong to and which Jira answers. Goes
 * through the same client as everything else (address guard, budget, retries), so it also shows those work.
 */
// The error answers are the same for every operation: the connection is checked and called the same way.
@APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "422", description = "The URL is refused or Jira rejected the credentials.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "502", description = "Jira could not be reached or answered nonsense.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "Jira rate-limits jira-sync, or the circuit breaker is open.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Path("/api/v1/jira/probe")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class JiraProbeResource {

    private final JiraProbeService probes;

    public JiraProbeResource(JiraProbeService probes) {
        this.probes = probes;
    }

    @Operation(summary = "Check a Jira connection", description = "Asks Jira who the credentials belong to and which Jira answers, before the connection is saved.")
    @APIResponse(responseCode = "200", description = "What Jira said.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JiraProbeService.Probe.class)))
    @POST
    public JiraProbeService.Probe probe(@NotNull @Valid JiraProbeService.Connection connection) {
        return probes.probe(connection);
    }

    @Operation(summary = "List the Jira projects a connection sees", description = "The projects the unsaved credentials can see (Cloud: every page of project/search; Server: project), for picking the integration's projectKey.")
    @APIResponse(responseCode = "200", description = "The projects, by key.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JiraProbeService.Projects.class)))
    @POST
    @Path("/projects")
    public JiraProbeService.Projects projects(@NotNull @Valid JiraProbeService.Connection connection) {
        return probes.projects(connection);
    }

    @Operation(summary = "A project's issue types and create screens", description = "For each issue type of the project, the fields of its create screen with the required ones marked, read fresh from Jira's create metadata with the unsaved credentials.")
    @APIResponse(responseCode = "200", description = "The issue types and their create screens.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JiraProbeService.CreateScreens.class)))
    @POST
    @Path("/projects/{projectKey}/create-screens")
    public JiraProbeService.CreateScreens createScreens(
            @PathParam("projectKey") @Pattern(regexp = "[A-Z][A-Z0-9_]{0,254}", message = "must be a Jira project key such as OPS") String projectKey,
            @NotNull @Valid JiraProbeService.Connection connection) {
        return probes.createScreens(connection, projectKey);
    }
}
