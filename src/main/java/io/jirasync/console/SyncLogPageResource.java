package io.jirasync.console;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

import io.jirasync.outbound.OutboxService;
import io.jirasync.outbound.SyncLogService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The sync log of one integration, filtered by fingerprint, direction and outcome; failed tasks can be retried. */
@Path("/console/sync-log")
@Produces(MediaType.TEXT_HTML)
public class SyncLogPageResource {

    /** Lines per page. */
    static final int PAGE = 100;
    static final List<String> DIRECTIONS = List.of("outbound", "inbound");
    static final List<String> OUTCOMES = List.of("queued", "done", "retry", "failed", "applied", "ignored");

    /** What the page is filtered by. */
    public record Filter(String project, String fingerprint, String direction, String outcome) {
        /** This filter's page address, older than {@code before} when given. */
        public String url(Long before) {
            UriBuilder uri = UriBuilder.fromPath("/console/sync-log").queryParam("project", project);
            add(uri, "fingerprint", fingerprint);
            add(uri, "direction", direction);
            add(uri, "outcome", outcome);
            if (before != null) {
                uri.queryParam("before", before);
            }
            return uri.build().toString();
        }

        private static void add(UriBuilder uri, String name, String value) {
            if (value != null) {
                uri.queryParam(name, value);
            }
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance syncLog(Filter filter, List<String> projects, List<String> directions,
                List<String> outcomes, List<SyncLogService.Entry> entries, Long next, String notice);
    }

    private final SyncLogService log;
    private final OutboxService outbox;
    private final ConsoleProjects projects;

    SyncLogPageResource(SyncLogService log, OutboxService outbox, ConsoleProjects projects) {
        this.log = log;
        this.outbox = outbox;
        this.projects = projects;
    }

    @Operation(hidden = true)
    @GET
    public TemplateInstance page(@QueryParam("project") String project, @QueryParam("fingerprint") String fingerprint,
            @QueryParam("direction") String direction, @QueryParam("outcome") String outcome,
            @QueryParam("before") Long before, @QueryParam("retried") @DefaultValue("") String retried) {
        String chosen = projects.chosen(project);
        Filter filter = new Filter(chosen, ConsoleProjects.orNull(fingerprint), oneOf(direction, DIRECTIONS),
                oneOf(outcome, OUTCOMES));
        List<SyncLogService.Entry> entries = chosen == null ? List.of()
                : log.recent(chosen, filter.fingerprint(), filter.direction(), filter.outcome(), before, PAGE);
        Long next = entries.size() == PAGE ? entries.get(entries.size() - 1).id() : null;
        String notice = retried.isEmpty() ? null : "Task " + retried + " is queued again.";
        return Templates.syncLog(filter, projects.visible(), DIRECTIONS, OUTCOMES, entries, next, notice);
    }

    /** Sends a failed task again through the outbox's retry, then shows the same filtered page. */
    @Operation(hidden = true)
    @POST
    @Path("/retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retry(@RestForm String project, @RestForm long task, @RestForm String fingerprint,
            @RestForm String direction, @RestForm String outcome) {
        Filter filter = new Filter(projects.allowed(project), ConsoleProjects.orNull(fingerprint), oneOf(direction, DIRECTIONS),
                oneOf(outcome, OUTCOMES));
        if (!outbox.retry(project, task)) {
            return Response.status(409).type(MediaType.TEXT_HTML_TYPE).entity(Templates.syncLog(filter,
                    projects.visible(), DIRECTIONS, OUTCOMES, log.recent(project, filter.fingerprint(),
                            filter.direction(), filter.outcome(), null, PAGE),
                    null, "Task " + task + " has not failed (or is not one of " + project + "'s): nothing was retried."))
                    .build();
        }
        return Response.seeOther(URI.create(filter.url(null) + "&retried=" + task)).build();
    }

    private static String oneOf(String value, List<String> allowed) {
        return value != null && allowed.contains(value) ? value : null;
    }
}
