package io.jirasync.jira;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.jirasync.jira.dto.JiraUser;
import io.jirasync.jira.dto.ServerInfo;
import io.jirasync.problem.Problem;
import io.jirasync.problem.ProblemException;
import io.jirasync.security.Roles;

/**
 * Checks a Jira connection before it is saved: who the credentials belong to and which Jira answers. Goes
 * through the same client as everything else (address guard, budget, retries), so it also shows those work.
 */
@Path("/api/v1/jira/probe")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class JiraProbeResource {

    /** The connection to check, shaped like the {@code jira} part of the integration settings. */
    public record Connection(@Schema(description = "Base URL of the Jira site.") @NotBlank String url,
            @Schema(description = "cloud or server.") @NotNull @Pattern(regexp = "cloud|server") String deployment,
            @Schema(description = "REST API version, 2 or 3.") @NotNull @Min(2) @Max(3) Integer apiVersion,
            @Schema(description = "The credentials to check.") @NotNull @Valid Auth auth) {
    }

    /** Credentials: {@code basic} with user and token (or password), or {@code bearer} with a token. */
    public record Auth(@Schema(description = "basic or bearer.") @NotNull @Pattern(regexp = "basic|bearer") String type,
            @Schema(description = "User (e-mail on Cloud) for basic authentication.") String user,
            @Schema(description = "API token, password or bearer token; never answered back.") @NotBlank String token) {
    }

    /** What Jira said: the user behind the credentials and the server's identity. */
    public record Probe(@Schema(description = "The Jira account behind the credentials.") JiraUser user,
            @Schema(description = "The Jira that answered.") ServerInfo serverInfo) {
    }

    private final JiraClient client;

    public JiraProbeResource(JiraClient client) {
        this.client = client;
    }

    @Operation(summary = "Check a Jira connection", description = "Asks Jira who the credentials belong to and which Jira answers, before the connection is saved.")
    @APIResponse(responseCode = "200", description = "What Jira said.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Probe.class)))
    @APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The URL is refused or Jira rejected the credentials.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "Jira could not be reached or answered nonsense.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Jira rate-limits jira-sync, or the circuit breaker is open.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    public Probe probe(@NotNull @Valid Connection connection) {
        JiraSite site = site(connection);
        return new Probe(client.myself(site), client.serverInfo(site));
    }

    private static JiraSite site(Connection c) {
        URI url;
        try {
            url = new URI(c.url().trim());
        } catch (URISyntaxException e) {
            throw ProblemException.badField("url", "not a URL: " + e.getMessage());
        }
        if (c.auth().type().equals("basic") && (c.auth().user() == null || c.auth().user().isBlank())) {
            throw ProblemException.badField("auth.user", "basic auth needs the user (Cloud: the e-mail address)");
        }
        if (c.deployment().equals("server") && c.apiVersion() != 2) {
            throw ProblemException.badField("apiVersion", "Jira Server/Data Center only has REST API version 2");
        }
        return new JiraSite(url, JiraSite.Deployment.valueOf(c.deployment().toUpperCase(Locale.ROOT)),
                c.apiVersion(), JiraSite.AuthType.valueOf(c.auth().type().toUpperCase(Locale.ROOT)), c.auth().user(),
                c.auth().token());
    }
}
