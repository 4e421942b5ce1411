package io.jirasync.system;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.jirasync.security.Roles;
import io.quarkus.runtime.configuration.ConfigUtils;

/** What this worker is: version and active configuration profiles, for admins and support. */
@Path("/api/v1/system")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class SystemResource {

    /** The answer of {@code GET /api/v1/system}. */
    public record SystemInfo(String name, String version, List<String> profiles) {
    }

    private final String name;
    private final String version;

    SystemResource(@ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.name = name;
        this.version = version;
    }

    @GET
    public SystemInfo info() {
        return new SystemInfo(name, version, ConfigUtils.getProfiles());
    }
}
