package io.jirasync.problem;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a webhook body that must be one JSON object, answering 400 problems for anything else. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as a JSON object; {@code what} names it in the 400 for an empty body (e.g. "a Jira webhook delivery"). */
    public static JsonNode object(ObjectMapper json, byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw ProblemException.badField("body", "is empty; " + what + " is a JSON object");
        }
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw ProblemException.badField("body", "must be a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new ProblemException(new Problem(400, "Malformed JSON", "The webhook body is not valid JSON."));
        } catch (IOException e) {
            throw new ProblemException(new Problem(400, "Malformed JSON", "The webhook body could not be read."));
        }
    }
}
