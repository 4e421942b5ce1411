package io.jirasync.outbound;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintView;
import io.jirasync.fingerprint.JiraLink;
import io.jirasync.integration.IntegrationResource;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.StoredIntegration;
import io.jirasync.jira.JiraClient;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.dto.JiraIssue;
import io.jirasync.problem.Problem;
import io.jirasync.problem.ProblemException;
import io.jirasync.security.Roles;

/** Manual ticket operations on one fingerprint: create now, link an existing ticket, unlink. */
@Path("/api/v1/projects/{project}/fingerprints/{fingerprint}/ticket")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.TRACKER })
public class TicketResource {

    /** {@code PUT} body: the key of an existing ticket. */
    public record LinkRequest(
            @Schema(description = "Key of the existing ticket, such as OPS-17.") @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]*-[1-9][0-9]*", message = "must be an issue key such as OPS-17") String key) {
    }

    /** What a create request came to when the ticket is not there yet. */
    public record TaskView(@Schema(description = "Task id.") long id,
            @Schema(description = "create, transition, assign, comment or notify.") String kind,
            @Schema(description = "pending, running, done or failed.") String state,
            @Schema(description = "Attempts so far.") int attempts,
            @Schema(description = "Why the last attempt failed.") String lastError,
            @Schema(description = "HTTP status of the last Jira answer.") Integer lastStatus) {
        static TaskView of(SyncTask t) {
            return new TaskView(t.id, t.kind, t.state.db(), t.attempts, t.lastError, t.lastStatus);
        }
    }

    private final FingerprintService fingerprints;
    private final IntegrationService integrations;
    private final OutboxService outbox;
    private final DispatchJob dispatcher;
    private final JiraClient jira;
    private final SyncLogService log;

    TicketResource(FingerprintService fingerprints, IntegrationService integrations, OutboxService outbox,
            DispatchJob dispatcher, JiraClient jira, SyncLogService log) {
        this.fingerprints = fingerprints;
        this.integrations = integrations;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.jira = jira;
        this.log = log;
    }

    /** Creates the ticket now, through the same task and handler as the scheduled job. */
    @Operation(summary = "Open the fingerprint's ticket now", description = "Creates the Jira ticket of the fingerprint at once instead of waiting for the rules (201 with the fingerprint), or 202 with the task when it has to wait.")
    @APIResponse(responseCode = "201", description = "Created; the fingerprint with its ticket.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FingerprintView.class)))
    @APIResponse(responseCode = "202", description = "Queued; the task that will create it.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such integration or fingerprint.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The fingerprint already has a ticket.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Jira refused the ticket (detail has Jira's reason).", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    public Response create(@PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @PathParam("fingerprint") String fingerprint) {
        FingerprintView fp = fingerprint(project, fingerprint);
        integration(project);
        if (fp.jira() != null) {
            throw new ProblemException(409, "Already linked",
                    "Fingerprint " + fingerprint + " is already linked to " + fp.jira().key() + ".");
        }
        outbox.enqueueCreate(project, fingerprint, "{}", "Asked for through POST .../ticket.");
        long taskId = outbox.openCreate(project, fingerprint)
                .orElseThrow(() -> new IllegalStateException("create task vanished"));
        SyncTask task = dispatcher.runNow(taskId).orElseThrow();
        if (task.state == TaskState.DONE) {
            return Response.status(201).entity(fingerprint(project, fingerprint)).build();
        }
        if (task.state == TaskState.FAILED) {
            throw new ProblemException(422, "Ticket not created", task.lastError);
        }
        return Response.accepted(TaskView.of(task)).build();
    }

    /**
     * Links an existing ticket of the integration's Jira project after checking that it exists and that the
     * integration's Jira user can see it.
     */
    @Operation(summary = "Link an existing ticket", description = "Links the fingerprint to an existing issue of the integration's Jira project.")
    @APIResponse(responseCode = "200", description = "Linked; the fingerprint with its ticket.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FingerprintView.class)))
    @APIResponse(responseCode = "400", description = "Bad input: every bad field is named in errors; nothing was changed.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such integration or fingerprint.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Another fingerprint already has this ticket.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The issue does not exist or belongs to another project.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public FingerprintView link(@PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @PathParam("fingerprint") String fingerprint, @NotNull @Valid LinkRequest request) {
        fingerprint(project, fingerprint);
        StoredIntegration integration = integration(project);
        requireOwnProject(project, integration, request.key(), projectOf(request.key()));
        JiraIssue issue = readIssue(integration, request.key());
        // A moved issue answers under its new key, perhaps of another project.
        requireOwnProject(project, integration, request.key(),
                issue.field("project").map(p -> p.path("key").asText()).orElse(projectOf(issue.key())));
        fingerprints.findByJiraIssueId(project, issue.id())
                .filter(other -> !other.fingerprint().equals(fingerprint))
                .ifPresent(other -> {
                    throw new ProblemException(409, "Ticket already linked", issue.key()
                            + " is already the ticket of fingerprint " + other.fingerprint() + "; unlink it there first.");
                });
        fingerprints.linkJira(project, fingerprint,
                new JiraLink(issue.id(), issue.key(), integration.browseUrl(issue.key()), issue.statusName().orElse(null)));
        log.record(project, fingerprint, null, "outbound", "link", "done",
                "Linked by hand to " + issue.key() + ".", null, issue.key());
        return fingerprint(project, fingerprint);
    }

    /** Removes the link; the ticket stays in Jira. */
    @Operation(summary = "Unlink the ticket", description = "Forgets the fingerprint's ticket (204); the issue stays in Jira.")
    @APIResponse(responseCode = "204", description = "Unlinked.")
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such integration or fingerprint, or no ticket linked.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @DELETE
    public Response unlink(@PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @PathParam("fingerprint") String fingerprint) {
        FingerprintView fp = fingerprint(project, fingerprint);
        if (fp.jira() != null) {
            fingerprints.unlinkJira(project, fingerprint);
            log.record(project, fingerprint, null, "outbound", "unlink", "done",
                    "Unlinked by hand from " + fp.jira().key() + "; the ticket stays in Jira.", null, fp.jira().key());
        }
        return Response.noContent().build();
    }

    /**
     * Only an issue of the integration's own Jira project may be linked: the fingerprint's later changes
     * (transitions, assignments, comments) would otherwise reach an issue of a project the integration is not for.
     */
    private static void requireOwnProject(String project, StoredIntegration integration, String key, String issueProject) {
        String expected = integration.settings().projectKey();
        if (!expected.equals(issueProject)) {
            throw new ProblemException(422, "Ticket of another project", "key: " + key + " is an issue of project "
                    + issueProject + "; integration " + project + " links only issues of " + expected + ".",
                    List.of(new Problem.FieldError("key", "must be an issue of " + expected + ", the integration's"
                            + " projectKey")));
        }
    }

    private static String projectOf(String key) {
        return key.substring(0, key.lastIndexOf('-'));
    }

    private JiraIssue readIssue(StoredIntegration integration, String key) {
        try {
            return jira.issue(integration.site(), key, List.of("status", "project"));
        } catch (JiraException e) {
            if (e.status() == 404 || e.status() == 403) {
                throw new ProblemException(422, "Ticket not found", key + " does not exist at "
                        + integration.settings().jira().url() + " or " + integration.site().principal()
                        + " cannot see it.");
            }
            throw e;
        }
    }

    private FingerprintView fingerprint(String project, String fingerprint) {
        return fingerprints.find(project, fingerprint)
                .orElseThrow(() -> ProblemException.notFound("No fingerprint " + fingerprint + " in project " + project + "."));
    }

    private StoredIntegration integration(String project) {
        return integrations.load(project)
                .orElseThrow(() -> ProblemException.notFound("No integration for project " + project + "."));
    }
}
