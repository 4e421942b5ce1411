package io.jirasync.fingerprint;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.jirasync.problem.Problem;
import io.jirasync.problem.ProblemException;
import io.jirasync.security.Roles;

/** Ingest of error events and the fingerprint API of a tracker project. */
@Path("/api/v1/projects/{project}")
@Produces(MediaType.APPLICATION_JSON)
public class FingerprintResource {

    /** The answer of the ingest endpoint. */
    public record Accepted(@Schema(description = "Events accepted.") int accepted) {
    }

    /** The shape of a {@code PATCH} body, for the OpenAPI document: any of the three; null clears assignee or version. */
    public record PatchBody(@Schema(description = "New state: open, in_progress, resolved or ignored.") FingerprintState state,
            @Schema(description = "New assignee; null clears it.") String assignee,
            @Schema(description = "Version up to which a resolution holds; null clears it.") String resolvedUntilVersion) {
    }

    private static final int MAX_PAGE = 500;
    private static final int MAX_TOP_VALUES = 100;

    private final FingerprintService service;
    private final FingerprintRequests requests;
    private final FingerprintConfig config;

    FingerprintResource(FingerprintService service, FingerprintRequests requests, FingerprintConfig config) {
        this.service = service;
        this.requests = requests;
        this.config = config;
    }

    @Operation(summary = "Send error events", description = "One event or an array of events of the tracker project; they are counted on their fingerprints about a second later (202).")
    @APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than the limit; nothing was stored.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not application/json; nothing was stored.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The ingest queue is full: nothing stored; send again after Retry-After.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.TRACKER, Roles.INGEST })
    // The body is read as bytes to enforce the size limit and name bad fields by index; this documents its shape.
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {
            IngestEvent.class, IngestEvent[].class })))
    @APIResponse(responseCode = "202", description = "accepted; counted on the fingerprints about a second later", content = @Content(schema = @Schema(implementation = Accepted.class)))
    public Response ingest(@PathParam("project") String project, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
            byte[] body) throws IOException {
        checkProject(project);
        checkContentType(type);
        if (body.length > config.maxBodyBytes()) {
            throw new ProblemException(413, "Payload Too Large", "The body has " + body.length
                    + " bytes; the ingest endpoint accepts at most " + config.maxBodyBytes()
                    + ". Send smaller batches. Nothing was stored.");
        }
        int accepted = service.ingest(project, requests.events(body));
        return Response.accepted(new Accepted(accepted)).build();
    }

    @Operation(summary = "List fingerprints", description = "The project's fingerprints, filtered by state, link and change time, one page at a time.")
    @APIResponse(responseCode = "200", description = "One page of fingerprints.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FingerprintPage.class)))
    @APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("/fingerprints")
    @RolesAllowed({ Roles.ADMIN, Roles.TRACKER })
    public FingerprintPage list(@PathParam("project") String project, @QueryParam("state") List<String> states,
            @QueryParam("linked") String linked, @QueryParam("updatedSince") String updatedSince,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        checkProject(project);
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw ProblemException.badField("limit", "must be 1 to " + MAX_PAGE);
        }
        FingerprintFilter filter = new FingerprintFilter(states(states), linked(linked), since(updatedSince));
        return service.list(project, filter, cursor, size);
    }

    @Operation(summary = "Read a fingerprint", description = "One fingerprint with its ticket and its attributes' most frequent values.")
    @APIResponse(responseCode = "200", description = "The fingerprint.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FingerprintView.class)))
    @APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "The project has no such fingerprint.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("/fingerprints/{fingerprint}")
    @RolesAllowed({ Roles.ADMIN, Roles.TRACKER })
    public FingerprintView get(@PathParam("project") String project, @PathParam("fingerprint") String fingerprint,
            @QueryParam("topValues") Integer topValues) {
        checkProject(project);
        int top = topValues == null ? config.topValues() : topValues;
        if (top < 1 || top > MAX_TOP_VALUES) {
            throw ProblemException.badField("topValues", "must be 1 to " + MAX_TOP_VALUES);
        }
        return service.find(project, fingerprint, top).orElseThrow(() -> ProblemException.notFound(
                "Project " + project + " has no fingerprint " + fingerprint + "."));
    }

    @Operation(summary = "Change a fingerprint", description = "Sets the state, assignee or resolvedUntilVersion; the change reaches the ticket through the outbox.")
    @APIResponse(responseCode = "200", description = "The fingerprint as changed.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FingerprintView.class)))
    @APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "The project has no such fingerprint.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not application/json; nothing was stored.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @PATCH
    @Path("/fingerprints/{fingerprint}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.TRACKER })
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PatchBody.class)))
    public FingerprintView patch(@PathParam("project") String project, @PathParam("fingerprint") String fingerprint,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) throws IOException {
        checkProject(project);
        checkContentType(type);
        return service.patch(project, fingerprint, requests.patch(body));
    }

    private static void checkProject(String project) {
        if (!FingerprintRequests.PROJECT.matcher(project).matches()) {
            throw ProblemException.badField("project", "must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
    }

    /** JAX-RS refuses other types with 415 but lets a body without any type through; refuse that too. */
    private static void checkContentType(String type) {
        if (type == null || type.isBlank()) {
            throw new ProblemException(415, "Unsupported Media Type",
                    "The request has no Content-Type; send application/json. Nothing was stored.");
        }
    }

    private static Set<FingerprintState> states(List<String> values) {
        Set<FingerprintState> states = EnumSet.noneOf(FingerprintState.class);
        for (String value : values) {
            for (String wire : value.split(",")) {
                states.add(FingerprintState.fromWire(wire.trim()).orElseThrow(() -> ProblemException.badField(
                        "state", "must be one of " + FingerprintState.allowed())));
            }
        }
        return states;
    }

    private static Boolean linked(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.badField("linked", "must be true or false");
        };
    }

    private static Instant since(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badField("updatedSince", "must be an ISO-8601 date-time with offset");
        }
    }
}
