package io.jirasync.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS' own refusals (404, 405, 406, 415 ...) as problem documents, keeping their status and headers. */
@Provider
public class WebApplicationProblemMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            // Quarkus wraps a body that is not JSON in a plain 400; say what is wrong with it.
            return JsonProblemMapper.problemFor(json);
        }
        Response original = exception.getResponse();
        int status = original.getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "HTTP " + status;
        String detail = switch (status) {
            case 404 -> "No resource here.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "The resource cannot produce the requested media type.";
            case 413 -> "The request body is too large.";
            case 415 -> "Unsupported content type; send application/json.";
            default -> exception.getMessage();
        };
        Response response = new Problem(status, title, detail).toResponse();
        Response.ResponseBuilder builder = Response.fromResponse(response);
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }
}
