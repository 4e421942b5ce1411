package io.jirasync.sandbox;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** What the sandbox answers: an HTTP status and Jira's JSON body (null for none). */
record Reply(int status, JsonNode body) {

    static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    static Reply noContent() {
        return new Reply(204, null);
    }

    static Reply error(int status, String message) {
        return new Reply(status, JiraShapes.errors(List.of(message), Map.of()));
    }

    static Reply fieldErrors(Map<String, String> errors) {
        return new Reply(400, JiraShapes.errors(List.of(), errors));
    }

    Response toResponse() {
        Response.ResponseBuilder builder = Response.status(status);
        if (body != null) {
            builder.entity(body.toString()).type(MediaType.APPLICATION_JSON_TYPE);
        }
        return builder.build();
    }
}
