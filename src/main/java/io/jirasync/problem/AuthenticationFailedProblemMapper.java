package io.jirasync.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.security.AuthenticationFailedException;

/** A bearer token that is not configured: 401, like no token at all. */
@Provider
public class AuthenticationFailedProblemMapper implements ExceptionMapper<AuthenticationFailedException> {

    @Override
    public Response toResponse(AuthenticationFailedException exception) {
        return UnauthorizedProblemMapper.unauthorized();
    }
}
