package io.jirasync.sandbox;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.http.HttpServerResponse;

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

    /** Ends the exchange with this answer (headers already set on {@code response} are kept). */
    void send(HttpServerResponse response) {
        send(response, 0);
    }

    /** The same, the JSON body followed by {@code padding} spaces (still valid JSON, only longer). */
    void send(HttpServerResponse response, int padding) {
        response.setStatusCode(status);
        if (body == null) {
            response.end();
        } else {
            response.putHeader("Content-Type", "application/json").end(body.toString() + " ".repeat(padding));
        }
    }
}
