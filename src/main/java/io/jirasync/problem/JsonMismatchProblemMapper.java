package io.jirasync.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * JSON of the wrong shape (unknown key, string where a number belongs ...). Quarkus ships a mapper for this exact
 * type, which would win over {@link JsonProblemMapper}; this one keeps the answer a problem document.
 */
@Provider
public class JsonMismatchProblemMapper implements ExceptionMapper<MismatchedInputException> {

    @Override
    public Response toResponse(MismatchedInputException exception) {
        return JsonProblemMapper.problemFor(exception);
    }
}
