package io.jirasync.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.jirasync.domain.ConflictException;

/** A service's conflict with what is stored as 409. */
@Provider
public class ConflictProblemMapper implements ExceptionMapper<ConflictException> {

    @Override
    public Response toResponse(ConflictException exception) {
        return new Problem(409, exception.title(), exception.getMessage()).toResponse();
    }
}
