package io.jirasync.problem;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

/** A body that is not JSON, or JSON of the wrong shape: 400 naming where it went wrong. */
@Provider
public class JsonProblemMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException exception) {
        return problemFor(exception);
    }

    /** The problem for any Jackson failure: malformed JSON, or a value of the wrong shape at some path. */
    static Response problemFor(JsonProcessingException exception) {
        if (exception instanceof JsonParseException parse) {
            String where = parse.getLocation() == null ? ""
                    : " at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr();
            return new Problem(400, "Malformed JSON", "The request body is not valid JSON" + where + ".").toResponse();
        }
        String field = exception instanceof JsonMappingException mapping ? pathOf(mapping.getPath()) : "body";
        String message = exception.getOriginalMessage();
        int cut = message == null ? -1 : message.indexOf(" (");
        String reason = cut > 0 ? message.substring(0, cut) : String.valueOf(message);
        return new Problem("about:blank", "Invalid request", 400, field + ": " + reason,
                List.of(new Problem.FieldError(field, reason))).toResponse();
    }

    public static String pathOf(List<JsonMappingException.Reference> path) {
        if (path == null || path.isEmpty()) {
            return "body";
        }
        String joined = path.stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }
}
