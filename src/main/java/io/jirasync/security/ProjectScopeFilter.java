package io.jirasync.security;

import java.lang.reflect.Method;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.ext.web.RoutingContext;

/**
 * Keeps a token scoped to some tracker projects ({@code token@shop|web}) to the endpoints of those projects: the
 * {@code {project}} of {@code /api/v1/projects/...} and {@code /api/v1/integrations/...}. An endpoint without a
 * project needs an unscoped token. Runs after the role check, on every endpoint that needs a token, so a new
 * endpoint cannot forget it.
 */
@Singleton
public class ProjectScopeFilter {

    private final RoutingContext routing;

    ProjectScopeFilter(RoutingContext routing) {
        this.routing = routing;
    }

    @ServerRequestFilter
    public void limitToScope(ContainerRequestContext request, ResourceInfo resource) {
        if (!needsToken(resource)) {
            return;
        }
        // The role check authenticated the caller; without a grant here something skipped it: refuse.
        TokenGrant grant = TokenGrant.of(routing).orElseThrow(() -> new IllegalStateException(
                "no token grant on " + request.getMethod() + " " + request.getUriInfo().getPath()));
        if (!grant.scoped()) {
            return;
        }
        String project = request.getUriInfo().getPathParameters().getFirst("project");
        if (project == null) {
            throw AccessDenied.noProject(grant, request.getMethod() + " " + request.getUriInfo().getPath());
        }
        if (!grant.covers(project)) {
            throw AccessDenied.project(grant, project);
        }
    }

    /** Whether the endpoint asks for a role (the roles this worker's endpoints use are all declared so). */
    static boolean needsToken(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || method.isAnnotationPresent(PermitAll.class)) {
            return false;
        }
        return method.isAnnotationPresent(RolesAllowed.class)
                || resource.getResourceClass().isAnnotationPresent(RolesAllowed.class);
    }
}
