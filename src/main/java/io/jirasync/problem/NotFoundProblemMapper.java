package io.jirasync.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.jirasync.domain.NotFoundException;

/** A service's "no such thing" as 404. */
@Provider
public class NotFoundProblemMapper implements ExceptionMapper<NotFoundException> {

    @Override
    public Response toResponse(NotFoundException exception) {
        return new Problem(404, "Not found", exception.getMessage()).toResponse();
    }
}
