package io.jirasync.problem;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem document, with one entry per bad field in {@code errors}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        @Schema(description = "A URI naming the kind of problem; about:blank when the status says it all.") String type,
        @Schema(description = "Short summary of the kind of problem.") String title,
        @Schema(description = "The HTTP status.") int status,
        @Schema(description = "What went wrong with this request, and what to do.") String detail,
        @Schema(description = "Every bad field of the request, when the input was refused.") List<FieldError> errors) {

    /** The media type of every error response. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One rejected field: a JSON-pointer-like path such as {@code [3].attributes.version}, and why. */
    public record FieldError(@Schema(description = "Path of the field, such as [3].attributes.version.") String field,
            @Schema(description = "Why it was refused.") String message) {
    }

    public Problem(int status, String title, String detail) {
        this("about:blank", title, status, detail, List.of());
    }

    /** The HTTP response carrying this problem. */
    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
