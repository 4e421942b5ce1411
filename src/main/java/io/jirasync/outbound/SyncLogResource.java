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

import io.jirasync.integration.IntegrationResource;
import io.jirasync.problem.ProblemException;
import io.jirasync.security.Roles;

/** What jira-sync did for a project and why; failed tasks can be sent again. */
@Path("/api/v1/integrations/{project}/sync-log")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class SyncLogResource {

    /** A page of the log, newest first; pass {@code next} as {@code before} for older lines. */
    public record Page(List<SyncLogService.Entry> entries, Long next) {
    }

    private final SyncLogService log;
    private final OutboxService outbox;

    SyncLogResource(SyncLogService log, OutboxService outbox) {
        this.log = log;
        this.outbox = outbox;
    }

    @GET
    public Page list(@PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @QueryParam("fingerprint") String fingerprint, @QueryParam("before") Long before,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        List<SyncLogService.Entry> entries = log.recent(project, fingerprint, before, limit);
        return new Page(entries, entries.size() == limit ? entries.get(entries.size() - 1).id() : null);
    }

    /** Sends a failed task again, with fresh attempts. */
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
