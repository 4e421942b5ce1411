package io.jirasync.jira;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.jirasync.problem.Problem;
import io.quarkus.logging.Log;

/**
 * A failed Jira call as problem+json: 422 when the settings are at fault (URL refused, credentials rejected,
 * project invisible, Jira refused the request), 502 when Jira is unreachable or failing, 503 while rate-limited or
 * while its circuit breaker is open. The detail is {@link JiraException}'s message, which holds no secret.
 */
@Provider
public class JiraProblemMapper implements ExceptionMapper<JiraException> {

    @Override
    public Response toResponse(JiraException e) {
        Log.infof("Jira call failed (%s, HTTP %d): %s", e.kind(), e.status(), e.getMessage());
        Problem problem = switch (e.kind()) {
            case REFUSED_ADDRESS -> new Problem("about:blank", "Jira URL refused", 422, e.getMessage(),
                    List.of(new Problem.FieldError("url", e.getMessage())));
            case RATE_LIMITED, CIRCUIT_OPEN -> new Problem(503, "Jira unavailable", e.getMessage());
            case UNREACHABLE, TLS, BAD_RESPONSE -> new Problem(502, "Jira unreachable", e.getMessage());
            case HTTP -> e.status() == 429 || e.status() >= 500 ? new Problem(502, "Jira failed", e.getMessage())
                    : new Problem("about:blank", "Jira refused the request", 422, e.getMessage(),
                            e.errors().entrySet().stream()
                                    .map(f -> new Problem.FieldError(f.getKey(), f.getValue())).toList());
        };
        return problem.toResponse();
    }
}
