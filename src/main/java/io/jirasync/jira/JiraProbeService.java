package io.jirasync.jira;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.jirasync.domain.InvalidInputException;
import io.jirasync.jira.auth.AccessTokens;
import io.jirasync.jira.dto.CreateMeta;
import io.jirasync.jira.dto.JiraUser;
import io.jirasync.jira.dto.ServerInfo;
import io.jirasync.problem.ProblemException;

/**
 * What a Jira connection that is not saved yet can see, for setting an integration up: who the credentials are
 * (probe), the projects they see, and a project's issue types with their create screens. Every call goes through
 * {@link JiraClient} (address guard, budget, retries); nothing is stored.
 */
@ApplicationScoped
public class JiraProbeService {

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

    /** A project the credentials can see. */
    public record ProjectSummary(@Schema(description = "Jira's project id.") String id,
            @Schema(description = "Project key, such as OPS.") String key,
            @Schema(description = "Project name.") String name) {
    }

    /** The projects the credentials can see, by key. */
    public record Projects(@Schema(description = "The projects, ordered by key.") List<ProjectSummary> projects) {
    }

    /** A field of a create screen: whether it is required and, for options, the values Jira allows. */
    public record ScreenField(@Schema(description = "Field id, such as customfield_10010.") String fieldId,
            @Schema(description = "Display name.") String name,
            @Schema(description = "Whether Jira refuses a create without it.") boolean required,
            @Schema(description = "Whether Jira fills it when a create leaves it out.") boolean hasDefaultValue,
            @Schema(description = "Jira's schema type: string, number, option, array of option, user ...") String type,
            @Schema(description = "The values an option, version or component field allows, by value or name.") List<String> allowedValues) {
    }

    /** One issue type and the fields of its create screen. */
    public record CreateScreen(@Schema(description = "Issue type id.") String id,
            @Schema(description = "Issue type name, such as Bug.") String name,
            @Schema(description = "Whether it is a sub-task type.") boolean subtask,
            @Schema(description = "The fields of its create screen.") List<ScreenField> fields) {
    }

    /** A project's issue types with their create screens. */
    public record CreateScreens(@Schema(description = "The project key.") String projectKey,
            @Schema(description = "Its issue types.") List<CreateScreen> issueTypes) {
    }

    /** Cloud's project/search pages at most this many times (50 projects each): a picker needs no more. */
    private static final int MAX_PROJECT_PAGES = 20;

    private final JiraClient client;
    private final DeploymentDetection deployments;
    private final AccessTokens tokens;
    private final CreateMetaService createMeta;

    public JiraProbeService(JiraClient client, DeploymentDetection deployments, AccessTokens tokens,
            CreateMetaService createMeta) {
        this.client = client;
        this.deployments = deployments;
        this.tokens = tokens;
        this.createMeta = createMeta;
    }

    /** Who the credentials belong to and which Jira answers. */
    public Probe probe(Connection connection) {
        JiraSite site = site(connection);
        // Who first, as before: a failure names the request for the current user.
        JiraUser user = client.myself(site);
        return new Probe(user, client.serverInfo(site), site.deployment().name().toLowerCase(Locale.ROOT),
                site.apiVersion());
    }

    /** The projects the credentials can see. */
    public Projects projects(Connection connection) {
        JiraSite site = site(connection);
        List<ProjectSummary> projects = new ArrayList<>();
        int startAt = 0;
        for (int page = 0; page < MAX_PROJECT_PAGES; page++) {
            JsonNode body = client.projectsPage(site, startAt);
            JsonNode list = body.isArray() ? body : body.path("values");
            list.forEach(p -> projects.add(new ProjectSummary(p.path("id").asText(), p.path("key").asText(),
                    p.path("name").asText())));
            if (body.isArray() || list.isEmpty() || body.path("isLast").asBoolean(true)) {
                break;
            }
            startAt += list.size();
        }
        projects.sort((a, b) -> a.key().compareTo(b.key()));
        return new Projects(List.copyOf(projects));
    }

    /** The project's issue types and the fields of each create screen, read fresh. */
    public CreateScreens createScreens(Connection connection, String projectKey) {
        JiraSite site = site(connection);
        createMeta.invalidate(site, projectKey);
        CreateMeta meta = createMeta.createMeta(site, projectKey);
        return new CreateScreens(projectKey, meta.issueTypes().stream()
                .map(t -> new CreateScreen(t.id(), t.name(), Boolean.TRUE.equals(t.subtask()),
                        t.fields().stream().map(JiraProbeService::screenField).toList()))
                .toList());
    }

    private static ScreenField screenField(CreateMeta.Field f) {
        CreateMeta.Schema schema = f.schema();
        String type = schema == null || schema.type() == null ? null
                : "array".equals(schema.type()) && schema.items() != null ? "array of " + schema.items() : schema.type();
        List<String> allowed = f.allowedValues().stream()
                .map(v -> v.path("value").asText(v.path("name").asText(""))).filter(v -> !v.isEmpty()).toList();
        return new ScreenField(f.fieldId(), f.name(), f.required(), f.hasDefaultValue(), type, allowed);
    }

    /** The site a connection describes, checked as a PUT checks the jira part; deployment asked when left out. */
    public JiraSite site(Connection c) {
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
