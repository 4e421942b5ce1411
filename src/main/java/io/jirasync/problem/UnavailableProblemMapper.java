package io.jirasync.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.jirasync.domain.UnavailableException;
import io.jirasync.http.RetryAfter;

/** A request the service cannot take now as 503 with {@code Retry-After} in whole seconds (at least 1). */
@Provider
public class UnavailableProblemMapper implements ExceptionMapper<UnavailableException> {

    @Override
    public Response toResponse(UnavailableException exception) {
        long seconds = RetryAfter.seconds(exception.retryAfter());
        return Response.fromResponse(new Problem(503, "Service Unavailable", exception.getMessage()).toResponse())
                .header(HttpHeaders.RETRY_AFTER, seconds).build();
    }
}
