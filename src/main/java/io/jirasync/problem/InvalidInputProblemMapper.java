package io.jirasync.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.jirasync.domain.InvalidInputException;

/** A service's refusal of a request's content as 400, one entry per bad field. */
@Provider
public class InvalidInputProblemMapper implements ExceptionMapper<InvalidInputException> {

    @Override
    public Response toResponse(InvalidInputException exception) {
        return new Problem("about:blank", "Invalid request", 400, exception.getMessage(), exception.fields().stream()
                .map(f -> new Problem.FieldError(f.field(), f.message())).toList()).toResponse();
    }
}
