package io.jirasync.webhook;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.jirasync.integration.IntegrationResource;
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
    @GET
    public JiraWebhookService.Status status(
            @PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project) {
        return webhooks.status(project);
    }

    /** Registers the webhook in Jira, or brings the one Jira has up to date. */
    @POST
    public JiraWebhookService.Status register(
            @PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project) {
        return webhooks.register(project);
    }
}
