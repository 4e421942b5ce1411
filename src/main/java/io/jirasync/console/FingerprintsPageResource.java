package io.jirasync.console;

import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
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

import io.jirasync.fingerprint.FingerprintFilter;
import io.jirasync.fingerprint.FingerprintPage;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.outbound.TicketResource;
import io.jirasync.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * One integration's fingerprints with their state, counts and ticket; Create, Link and Unlink go through the same
 * code as {@code POST/PUT/DELETE .../fingerprints/{fingerprint}/ticket}.
 */
@Path("/console/fingerprints")
@Produces(MediaType.TEXT_HTML)
public class FingerprintsPageResource {

    /** Rows per page. */
    static final int PAGE = 100;

    /** What the page is filtered by: a state (null: any), linked or not (null: both), or one fingerprint. */
    public record Filter(String project, String state, Boolean linked, String q) {
        /** This filter's page address, from {@code cursor} on when given, with a notice when given. */
        public String url(String cursor, String notice) {
            UriBuilder uri = UriBuilder.fromPath("/console/fingerprints").queryParam("project", project);
            Optional.ofNullable(state).ifPresent(s -> uri.queryParam("state", s));
            Optional.ofNullable(linked).ifPresent(l -> uri.queryParam("linked", l));
            Optional.ofNullable(q).ifPresent(f -> uri.queryParam("q", f));
            Optional.ofNullable(cursor).ifPresent(c -> uri.queryParam("cursor", c));
            Optional.ofNullable(notice).ifPresent(n -> uri.queryParam("notice", n));
            // UriBuilder writes a space as '+' (a '+' itself as %2B), which a query parameter keeps as '+'.
            return uri.build().toString().replace("+", "%20");
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance fingerprints(Filter filter, List<String> projects, List<String> states,
                FingerprintPage page, String notice, String error);
    }

    private final FingerprintService fingerprints;
    private final TicketResource tickets;
    private final ConsoleProjects projects;

    FingerprintsPageResource(FingerprintService fingerprints, TicketResource tickets, ConsoleProjects projects) {
        this.fingerprints = fingerprints;
        this.tickets = tickets;
        this.projects = projects;
    }

    @Operation(hidden = true)
    @GET
    public TemplateInstance page(@QueryParam("project") String project, @QueryParam("state") String state,
            @QueryParam("linked") String linked, @QueryParam("q") String q, @QueryParam("cursor") String cursor,
            @QueryParam("notice") String notice) {
        Filter filter = new Filter(projects.chosen(project), state(state), linked(linked),
                ConsoleProjects.orNull(q));
        return render(filter, cursor, notice, null);
    }

    @Operation(hidden = true)
    @POST
    @Path("/create")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String project, @RestForm String fingerprint, @RestForm String state,
            @RestForm String linked, @RestForm String q) {
        return act(new Filter(projects.allowed(project), state(state), linked(linked), ConsoleProjects.orNull(q)), () -> {
            Response answer = tickets.create(project, fingerprint);
            return answer.getStatus() == 201 ? "Created the ticket of " + fingerprint + "."
                    : "The ticket of " + fingerprint + " is queued: Jira is busy, it will be created shortly.";
        });
    }

    @Operation(hidden = true)
    @POST
    @Path("/link")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response link(@RestForm String project, @RestForm String fingerprint, @RestForm String key,
            @RestForm String state, @RestForm String linked, @RestForm String q) {
        return act(new Filter(projects.allowed(project), state(state), linked(linked), ConsoleProjects.orNull(q)), () -> {
            String wanted = key == null ? "" : key.trim();
            if (!wanted.matches("[A-Z][A-Z0-9_]*-[1-9][0-9]*")) {
                throw new ProblemException(400, "Invalid request", "key: must be an issue key such as OPS-17");
            }
            return "Linked " + fingerprint + " to " + tickets.link(project, fingerprint,
                    new TicketResource.LinkRequest(wanted)).jira().key() + ".";
        });
    }

    @Operation(hidden = true)
    @POST
    @Path("/unlink")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unlink(@RestForm String project, @RestForm String fingerprint, @RestForm String state,
            @RestForm String linked, @RestForm String q) {
        return act(new Filter(projects.allowed(project), state(state), linked(linked), ConsoleProjects.orNull(q)), () -> {
            tickets.unlink(project, fingerprint);
            return "Unlinked " + fingerprint + "; the ticket stays in Jira.";
        });
    }

    /** Runs an action; success goes back to the page with a notice, a refusal shows the page with Jira's reason. */
    private Response act(Filter filter, Supplier<String> action) {
        try {
            return Response.seeOther(URI.create(filter.url(null, action.get()))).build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status()).type(MediaType.TEXT_HTML_TYPE)
                    .entity(render(filter, null, null, e.problem().detail())).build();
        }
    }

    private TemplateInstance render(Filter filter, String cursor, String notice, String error) {
        FingerprintPage page = new FingerprintPage(List.of(), null);
        if (filter.project() != null && filter.q() != null) {
            page = new FingerprintPage(fingerprints.find(filter.project(), filter.q()).stream().toList(), null);
        } else if (filter.project() != null) {
            Set<FingerprintState> states = FingerprintState.fromWire(filter.state()).map(EnumSet::of)
                    .orElse(EnumSet.noneOf(FingerprintState.class));
            page = fingerprints.list(filter.project(), new FingerprintFilter(states, filter.linked(), null), cursor, PAGE);
        }
        return Templates.fingerprints(filter, projects.visible(), STATES, page, notice, error);
    }

    static final List<String> STATES = Arrays.stream(FingerprintState.values()).map(FingerprintState::wire).toList();

    private static String state(String state) {
        return state != null && STATES.contains(state) ? state : null;
    }

    private static Boolean linked(String value) {
        return "true".equals(value) || "false".equals(value) ? Boolean.valueOf(value) : null;
    }

}
