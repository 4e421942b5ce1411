package io.jirasync.webhook;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.jirasync.integration.IntegrationResource;
import io.jirasync.problem.Problem;
import io.jirasync.security.Roles;

/** {@code GET} and {@code POST /api/v1/integrations/{project}/jira-webhook}: Jira's webhook of an integration. */
@Path("/api/v1/integrations/{project}/jira-webhook")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class JiraWebhookResource {

    private final JiraWebhookService webhooks;

    JiraWebhookResource(JiraWebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** Whether Jira has the webhook, whether it matches, and when the last delivery was seen. */
    @Operation(summary = "Show the integration's Jira webhook", description = "Asks Jira whether it has the integration's admin webhook and whether its URL, events and JQL match, and reports when the inbox last saw a delivery for the integration.")
    @APIResponse(responseCode = "200", description = "What Jira has and what jira-sync expects.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JiraWebhookService.Status.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token is not an admin token.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No integration for this project.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "Jira could not be reached or answered nonsense.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Jira rate-limits jira-sync, or the circuit breaker is open.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    public JiraWebhookService.Status status(
            @PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project) {
        return webhooks.status(project);
    }

    /** Registers the webhook in Jira, or brings the one Jira has up to date. */
    @Operation(summary = "Register the integration's Jira webhook", description = "Registers Jira's admin webhook for the integration (events created, updated and deleted, JQL project = KEY, the webhook secret), or brings the one Jira has up to date; never registers a second one.")
    @APIResponse(responseCode = "200", description = "The webhook as registered, with action created or updated.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JiraWebhookService.Status.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token is not an admin token.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No integration for this project.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "jira-sync.public-url is not set.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Jira refused: the detail and errors say what to set in Jira's admin pages.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "Jira could not be reached or answered nonsense.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Jira rate-limits jira-sync, or the circuit breaker is open.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    public JiraWebhookService.Status register(
            @PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project) {
        return webhooks.register(project);
    }
}
