package io.jirasync.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.UnauthorizedException;

/** No bearer token on an endpoint that needs one: 401. */
@Provider
public class UnauthorizedProblemMapper implements ExceptionMapper<UnauthorizedException> {

    @Override
    public Response toResponse(UnauthorizedException exception) {
        return unauthorized();
    }

    /** The 401 problem, with the challenge that names the scheme. */
    static Response unauthorized() {
        return Response.fromResponse(new Problem(401, "Unauthorized",
                "Send Authorization: Bearer <token> with a valid token.").toResponse())
                .header("WWW-Authenticate", "Bearer realm=\"jira-sync\"").build();
    }
}
