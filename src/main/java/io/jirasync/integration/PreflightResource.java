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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.problem.Problem;
import io.jirasync.security.Roles;

/** {@code POST .../test} and {@code POST .../preview}: checks that read Jira and never write to it. */
@Path("/api/v1/integrations/{project}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class PreflightResource {

    /** {@code preview} body. */
    public record PreviewRequest(@Schema(description = "Fingerprint whose ticket to preview.") @NotBlank String fingerprint) {
    }

    /** {@code draft/preview} body: the fingerprint, and the unsaved settings as a {@code PUT} would take them. */
    public record DraftPreviewRequest(
            @Schema(description = "Fingerprint whose ticket to preview.") @NotBlank String fingerprint,
            @Schema(description = "The unsaved settings document, as for PUT; secrets left out are the stored ones.", implementation = IntegrationSettings.class) @NotNull JsonNode settings) {
    }

    private final PreflightService preflight;
    private final IntegrationService integrations;
    private final SettingsReader reader;

    PreflightResource(PreflightService preflight, IntegrationService integrations, SettingsReader reader) {
        this.preflight = preflight;
        this.integrations = integrations;
        this.reader = reader;
    }

    @Operation(summary = "Test an integration against Jira", description = "Checks the stored settings against the Jira project: credentials, issue type, fields, statuses and users. Sends nothing that changes Jira.")
    @APIResponse(responseCode = "200", description = "What the test found.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreflightService.TestResult.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No integration for this project.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Path("/test")
    public PreflightService.TestResult test(
            @PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project) {
        return preflight.test(project);
    }

    @Operation(summary = "Preview a fingerprint's ticket", description = "The create request jira-sync would send for the fingerprint, with what Jira would refuse or cut. Sends nothing.")
    @APIResponse(responseCode = "200", description = "The request that would be sent.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreflightService.Preview.class)))
    @APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such integration or fingerprint.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public PreflightService.Preview preview(
            @PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @NotNull @Valid PreviewRequest request) {
        return preflight.preview(project, request.fingerprint());
    }

    @Operation(summary = "Test unsaved settings against Jira", description = "The test of the settings document in the body, read and checked as PUT reads it (secrets left out are the stored ones), without storing anything.")
    @APIResponse(responseCode = "200", description = "What the test found.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreflightService.TestResult.class)))
    @APIResponse(responseCode = "400", description = "Bad settings: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Path("/draft/test")
    @Consumes(MediaType.APPLICATION_JSON)
    public PreflightService.TestResult testDraft(
            @PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationSettings.class))) JsonNode settings) {
        return preflight.test(integrations.draft(project, reader.read(settings)));
    }

    @Operation(summary = "Preview a fingerprint's ticket under unsaved settings", description = "The create request the settings in the body would send for the fingerprint (secrets left out are the stored ones). Stores and sends nothing.")
    @APIResponse(responseCode = "200", description = "The request that would be sent.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreflightService.Preview.class)))
    @APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors, settings fields as for PUT; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Path("/draft/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public PreflightService.Preview previewDraft(
            @PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @NotNull @Valid DraftPreviewRequest request) {
        return preflight.preview(integrations.draft(project, reader.read(request.settings())), request.fingerprint());
    }
}
