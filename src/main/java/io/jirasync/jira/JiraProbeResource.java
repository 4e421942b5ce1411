package io.jirasync.jira;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
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

import io.jirasync.domain.InvalidInputException;
import io.jirasync.jira.auth.AccessTokens;
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

    /**
     * The connection to check, shaped like the {@code jira} part of the integration settings; {@code deployment} and
     * {@code apiVersion} left out take the same defaults as there (from serverInfo).
     */
    public record Connection(@Schema(description = "Base URL of the Jira site.") @NotBlank String url,
            @Schema(description = "cloud or server; left out, read from Jira's serverInfo.") @Pattern(regexp = "cloud|server") String deployment,
            @Schema(description = "REST API version, 2 or 3; left out, 3 on Cloud and 2 on Server.") @Min(2) @Max(3) Integer apiVersion,
            @Schema(description = "The credentials to check.") @NotNull @Valid Auth auth) {
    }

    /**
     * Credentials as in {@code jira.auth}: {@code basic} and {@code scoped} with user and token, {@code bearer} with a
     * token, the OAuth types with clientId and clientSecret ({@code oauth-3lo} only once an integration's PUT has
     * exchanged its code: a code works once, so probe never spends it).
     */
    public record Auth(
            @Schema(description = "basic, bearer, scoped, oauth-client-credentials or oauth-3lo.") @NotNull @Pattern(regexp = "basic|bearer|scoped|oauth-client-credentials|oauth-3lo") String type,
            @Schema(description = "User (e-mail or service account) for basic and scoped authentication.") String user,
            @Schema(description = "API token, password or bearer token; never answered back.") String token,
            @Schema(description = "OAuth 2.0 client id.") String clientId,
            @Schema(description = "OAuth 2.0 client secret; never answered back.") String clientSecret,
            @Schema(description = "Not used by probe: an authorization code works once.") String code,
            @Schema(description = "Not used by probe.") String redirectUri) {

        @Override
        public String toString() {
            return "Auth[type=" + type + ", user=" + user + ", clientId=" + clientId + ", secrets=***]";
        }
    }

    /** What Jira said: the user behind the credentials and the server's identity, and the deployment used. */
    public record Probe(@Schema(description = "The Jira account behind the credentials.") JiraUser user,
            @Schema(description = "The Jira that answered.") ServerInfo serverInfo,
            @Schema(description = "The deployment used: configured, or read from serverInfo.") String deployment,
            @Schema(description = "The REST API version used.") int apiVersion) {
    }

    private final JiraClient client;
    private final DeploymentDetection deployments;
    private final AccessTokens tokens;

    public JiraProbeResource(JiraClient client, DeploymentDetection deployments, AccessTokens tokens) {
        this.client = client;
        this.deployments = deployments;
        this.tokens = tokens;
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
        // Who first, as before: a failure names the request for the current user.
        JiraUser user = client.myself(site);
        return new Probe(user, client.serverInfo(site), site.deployment().name().toLowerCase(Locale.ROOT),
                site.apiVersion());
    }

    private JiraSite site(Connection c) {
        URI url;
        try {
            url = new URI(c.url().trim());
        } catch (URISyntaxException e) {
            throw ProblemException.badField("url", "not a URL: " + e.getMessage());
        }
        Auth auth = c.auth();
        JiraSite.AuthType type = JiraSite.AuthType.of(auth.type());
        List<InvalidInputException.Field> errors = new ArrayList<>();
        if (type == JiraSite.AuthType.BASIC && blank(auth.user())) {
            errors.add(new InvalidInputException.Field("auth.user",
                    "basic auth needs the user (Cloud: the e-mail address)"));
        }
        if (type == JiraSite.AuthType.SCOPED && blank(auth.user())) {
            errors.add(new InvalidInputException.Field("auth.user", "required for scoped (the e-mail of the account"
                    + " or service account)"));
        }
        if (!type.oauth() && blank(auth.token())) {
            errors.add(new InvalidInputException.Field("auth.token", "required for " + type.setting()));
        }
        if (type.oauth() && blank(auth.clientId())) {
            errors.add(new InvalidInputException.Field("auth.clientId", "required for " + type.setting()));
        }
        if (type.oauth() && blank(auth.clientSecret())) {
            errors.add(new InvalidInputException.Field("auth.clientSecret", "required for " + type.setting()));
        }
        if (type.viaGateway() && "server".equals(c.deployment())) {
            errors.add(new InvalidInputException.Field("deployment", "must be cloud for auth.type " + type.setting()
                    + ": scoped tokens and OAuth 2.0 reach Jira Cloud only"));
        }
        if ("server".equals(c.deployment()) && c.apiVersion() != null && c.apiVersion() != 2) {
            errors.add(new InvalidInputException.Field("apiVersion", "Jira Server/Data Center only has REST API version 2"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String principal = type.oauth() ? auth.clientId() : auth.user();
        String secret = type.oauth() ? auth.clientSecret() : auth.token();
        JiraSite provisional = new JiraSite(url, type.viaGateway() ? JiraSite.Deployment.CLOUD : JiraSite.Deployment.SERVER,
                type.viaGateway() ? 3 : 2, type, principal, secret);
        if (type == JiraSite.AuthType.OAUTH_3LO && !tokens.authorized(provisional)) {
            throw InvalidInputException.of("auth.code", "probe never exchanges an authorization code (a code works"
                    + " once): PUT the integration with jira.auth.code, then POST its test");
        }
        JiraSite.Deployment deployment = c.deployment() != null
                ? JiraSite.Deployment.valueOf(c.deployment().toUpperCase(Locale.ROOT))
                : deployments.detect(provisional);
        int apiVersion = c.apiVersion() != null ? c.apiVersion() : deployment == JiraSite.Deployment.CLOUD ? 3 : 2;
        return new JiraSite(url, deployment, apiVersion, type, principal, secret);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
