package io.jirasync.problem;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem document, with one entry per bad field in {@code errors}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    /** The media type of every error response. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One rejected field: a JSON-pointer-like path such as {@code [3].attributes.version}, and why. */
    public record FieldError(String field, String message) {
    }

    public Problem(int status, String title, String detail) {
        this("about:blank", title, status, detail, List.of());
    }

    /** The HTTP response carrying this problem. */
    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
