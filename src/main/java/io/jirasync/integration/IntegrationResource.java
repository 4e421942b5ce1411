package io.jirasync.integration;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.fingerprint.FingerprintRequests;
import io.jirasync.problem.Problem;
import io.jirasync.problem.ProblemException;
import io.jirasync.security.Roles;

/** Admin API for integrations: {@code /api/v1/integrations/{project}}. */
@Path("/api/v1/integrations/{project}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class IntegrationResource {

    /** Tracker project names: the same alphabet as fingerprints. */
    public static final String PROJECT_PATTERN = FingerprintRequests.PROJECT_PATTERN;

    private final IntegrationService service;
    private final SettingsReader reader;

    IntegrationResource(IntegrationService service, SettingsReader reader) {
        this.service = service;
        this.reader = reader;
    }

    @Operation(summary = "Read an integration's settings", description = "The settings document of the tracker project's integration, secrets masked as ********.")
    @APIResponse(responseCode = "200", description = "The settings, secrets masked.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationSettings.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No integration for this project.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    public IntegrationSettings get(@PathParam("project") @Pattern(regexp = PROJECT_PATTERN) String project) {
        return service.get(project).orElseThrow(() -> notFound(project));
    }

    @APIResponse(responseCode = "200", description = "Replaced; the settings as stored, secrets masked.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationSettings.class)))
    @APIResponse(responseCode = "201", description = "Created; the settings as stored, secrets masked.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationSettings.class)))
    @Operation(summary = "Create or replace an integration", description = "Stores the whole settings document (201 when new, 200 when replaced). Unknown keys and bad values are refused with every bad field named; secrets are encrypted at rest and masked in the answer.")
    @APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("project") @Pattern(regexp = PROJECT_PATTERN) String project,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationSettings.class))) JsonNode body) {
        IntegrationService.PutResult result = service.put(project, reader.read(body));
        return result.created()
                ? Response.created(URI.create("/api/v1/integrations/" + project)).entity(result.settings()).build()
                : Response.ok(result.settings()).build();
    }

    @Operation(summary = "Delete an integration", description = "Deletes the integration of the tracker project (204); its fingerprints and tickets stay.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No integration for this project.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @DELETE
    public Response delete(@PathParam("project") @Pattern(regexp = PROJECT_PATTERN) String project) {
        if (!service.delete(project)) {
            throw notFound(project);
        }
        return Response.noContent().build();
    }

    static ProblemException notFound(String project) {
        return ProblemException.notFound("No integration for project " + project + ".");
    }
}
