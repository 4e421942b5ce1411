package io.jirasync.problem;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.jirasync.security.AccessDenied;
import io.quarkus.security.ForbiddenException;
import io.vertx.ext.web.RoutingContext;

/** A valid token that may not use the endpoint: 403, naming the role or the project the token lacks. */
@Provider
public class ForbiddenProblemMapper implements ExceptionMapper<ForbiddenException> {

    private final ResourceInfo resource;
    private final RoutingContext request;

    ForbiddenProblemMapper(ResourceInfo resource, RoutingContext request) {
        this.resource = resource;
        this.request = request;
    }

    @Override
    public Response toResponse(ForbiddenException exception) {
        String detail = exception instanceof AccessDenied denied
                ? denied.getMessage()
                : AccessDenied.ofRoleCheck(resource, request).orElse("This token's role may not use this endpoint.");
        return new Problem(403, "Forbidden", detail).toResponse();
    }
}
