package io.jirasync.sandbox;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Sandbox errors keep Jira's body shape; the worker's problem+json mappers must not rewrite them. */
@Provider
public class JiraErrorMapper implements ExceptionMapper<JiraError> {

    @Override
    public Response toResponse(JiraError error) {
        return error.reply.toResponse();
    }
}
