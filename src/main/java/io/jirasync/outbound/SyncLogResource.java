package io.jirasync.outbound;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.jirasync.integration.IntegrationResource;
import io.jirasync.problem.Problem;
import io.jirasync.problem.ProblemException;
import io.jirasync.security.Roles;

/** What jira-sync did for a project and why; failed tasks can be sent again. */
@Path("/api/v1/integrations/{project}/sync-log")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class SyncLogResource {

    /** A page of the log, newest first; pass {@code next} as {@code before} for older lines. */
    public record Page(@Schema(description = "Entries, newest first.") List<SyncLogService.Entry> entries,
            @Schema(description = "Value of before for the next page; absent on the last page.") Long next) {
    }

    private final SyncLogService log;
    private final OutboxService outbox;

    SyncLogResource(SyncLogService log, OutboxService outbox) {
        this.log = log;
        this.outbox = outbox;
    }

    @Operation(summary = "Read the sync log", description = "What jira-sync did and tried for the integration, newest first, one page at a time.")
    @APIResponse(responseCode = "200", description = "One page of the sync log.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Page.class)))
    @APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    public Page list(@PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @QueryParam("fingerprint") String fingerprint, @QueryParam("before") Long before,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        List<SyncLogService.Entry> entries = log.recent(project, fingerprint, before, limit);
        return new Page(entries, entries.size() == limit ? entries.get(entries.size() - 1).id() : null);
    }

    /** Sends a failed task again, with fresh attempts. */
    @Operation(summary = "Retry a failed task", description = "Sends a failed outbox task again with fresh attempts (202).")
    @APIResponse(responseCode = "202", description = "Queued again; the task as it is now.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TicketResource.TaskView.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such task of this integration.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The task has not failed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Path("/tasks/{task}/retry")
    public Response retry(@PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @PathParam("task") long task) {
        if (!outbox.retry(project, task)) {
            throw new ProblemException(409, "Not retryable",
                    "Task " + task + " of project " + project + " does not exist or has not failed.");
        }
        return Response.accepted(TicketResource.TaskView.of(outbox.task(task).orElseThrow())).build();
    }
}
