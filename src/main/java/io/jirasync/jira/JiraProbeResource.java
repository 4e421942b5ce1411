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

import io.jirasync.jira.dto.JiraUser;
import io.jirasync.jira.dto.ServerInfo;
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
    public record Connection(@NotBlank String url, @NotNull @Pattern(regexp = "cloud|server") String deployment,
            @NotNull @Min(2) @Max(3) Integer apiVersion, @NotNull @Valid Auth auth) {
    }

    /** Credentials: {@code basic} with user and token (or password), or {@code bearer} with a token. */
    public record Auth(@NotNull @Pattern(regexp = "basic|bearer") String type, String user, @NotBlank String token) {
    }

    /** What Jira said: the user behind the credentials and the server's identity. */
    public record Probe(JiraUser user, ServerInfo serverInfo) {
    }

    private final JiraClient client;

    public JiraProbeResource(JiraClient client) {
        this.client = client;
    }

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
