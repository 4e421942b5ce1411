package io.jirasync.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.ForbiddenException;

/** A valid token whose role may not use the endpoint: 403. */
@Provider
public class ForbiddenProblemMapper implements ExceptionMapper<ForbiddenException> {

    @Override
    public Response toResponse(ForbiddenException exception) {
        return new Problem(403, "Forbidden", "This token's role may not use this endpoint.").toResponse();
    }
}
