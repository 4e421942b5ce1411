package io.jirasync.system;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import io.jirasync.problem.Problem;
import io.jirasync.security.Roles;
import io.quarkus.runtime.configuration.ConfigUtils;

/** What this worker is: version and active configuration profiles, for admins and support. */
@Path("/api/v1/system")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", description = "An opaque token "
        + "(not a JWT) from jira-sync.auth.admin-tokens, tracker-tokens or ingest-tokens: Authorization: Bearer <token>. "
        + "admin may do everything; tracker ingests, reads and changes fingerprints and tickets; ingest only sends events.")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class SystemResource {

    /** The answer of {@code GET /api/v1/system}. */
    public record SystemInfo(@Schema(description = "Application name.") String name,
            @Schema(description = "Version of this worker.") String version,
            @Schema(description = "Active configuration profiles.") List<String> profiles) {
    }

    private final String name;
    private final String version;

    SystemResource(@ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.name = name;
        this.version = version;
    }

    @Operation(summary = "Describe this worker", description = "Name, version and active configuration profiles, for admins and support.")
    @APIResponse(responseCode = "200", description = "This worker.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SystemInfo.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    public SystemInfo info() {
        return new SystemInfo(name, version, ConfigUtils.getProfiles());
    }
}
