package io.jirasync.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.jirasync.domain.UnavailableException;

/** A request the service cannot take now as 503 with {@code Retry-After} in whole seconds (at least 1). */
@Provider
public class UnavailableProblemMapper implements ExceptionMapper<UnavailableException> {

    @Override
    public Response toResponse(UnavailableException exception) {
        long millis = exception.retryAfter().toMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        return Response.fromResponse(new Problem(503, "Service Unavailable", exception.getMessage()).toResponse())
                .header(HttpHeaders.RETRY_AFTER, seconds).build();
    }
}
