package io.jirasync.problem;

import java.util.UUID;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.logging.Log;

/** Anything unforeseen: 500 with a reference to the log line, never the exception's text. */
@Provider
public class UnexpectedProblemMapper implements ExceptionMapper<Exception> {

    @Override
    public Response toResponse(Exception exception) {
        String reference = UUID.randomUUID().toString();
        Log.errorf(exception, "Unexpected error, reference %s", reference);
        return new Problem(500, "Internal error",
                "The request failed unexpectedly; the worker's log has the details under reference " + reference + ".")
                .toResponse();
    }
}
