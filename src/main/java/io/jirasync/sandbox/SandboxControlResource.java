package io.jirasync.sandbox;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.jirasync.problem.ProblemException;

/**
 * The sandbox's switchboard for tests, benchmarks and demos: flavour, budget, faults, latency, webhook targets,
 * traffic counters, the request journal and reset. Not part of Jira's API, so it is neither authenticated nor counted.
 */
@Path("/sandbox/jira/_control")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxControlResource {

    /** Settings to change; absent ones stay as they are. */
    public record Settings(
            @Pattern(regexp = "cloud|server", message = "must be cloud or server") String flavour,
            @Min(0) Integer requestsPerSecond,
            @Min(0) Integer writesPerIssuePerSecond,
            @DecimalMin("0") @DecimalMax("1") Double failureShare,
            @Min(value = 429, message = "must be 429 or 500-599") @Max(599) Integer failureStatus,
            @Min(1) @Max(3600) Integer retryAfterSeconds,
            @Min(0) @Max(3600) Integer failForSeconds,
            @Min(0) @Max(60000) Integer latencyMillis,
            Boolean webhooksPaused) {
    }

    /** A webhook receiver to register; {@code projects} empty or absent means every project. */
    public record WebhookTarget(@NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String url,
            String secret, List<@NotBlank String> projects) {
    }

    private final SandboxControl control;
    private final SandboxService service;
    private final WebhookDispatcher webhooks;

    SandboxControlResource(SandboxControl control, SandboxService service, WebhookDispatcher webhooks) {
        this.control = control;
        this.service = service;
        this.webhooks = webhooks;
    }

    @GET
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>(control.view());
        state.put("webhooksPaused", webhooks.paused());
        state.put("issues", service.issueCount());
        state.put("counters", control.counters());
        return state;
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> change(@Valid @NotNull Settings settings) {
        if (settings.failureStatus() != null && settings.failureStatus() > 429 && settings.failureStatus() < 500) {
            throw new jakarta.ws.rs.BadRequestException("failureStatus must be 429 or 500-599");
        }
        if (settings.flavour() != null) {
            control.flavour(settings.flavour());
        }
        if (settings.requestsPerSecond() != null) {
            control.requestsPerSecond(settings.requestsPerSecond());
        }
        if (settings.writesPerIssuePerSecond() != null) {
            control.writesPerIssuePerSecond(settings.writesPerIssuePerSecond());
        }
        int status = settings.failureStatus() != null ? settings.failureStatus() : control.failureStatus();
        if (settings.failureShare() != null) {
            control.failures(settings.failureShare(), status);
        } else if (settings.failureStatus() != null) {
            control.failures(0, status);
        }
        if (settings.failForSeconds() != null) {
            control.failFor(settings.failForSeconds(), status);
        }
        if (settings.retryAfterSeconds() != null) {
            control.retryAfterSeconds(settings.retryAfterSeconds());
        }
        if (settings.latencyMillis() != null) {
            control.latencyMillis(settings.latencyMillis());
        }
        if (settings.webhooksPaused() != null) {
            webhooks.pause(settings.webhooksPaused());
        }
        return state();
    }

    /** Everything back to the configuration: no issues, no webhook targets, counters at zero, no faults. */
    @POST
    @Path("reset")
    public Map<String, Object> reset() {
        service.reset();
        webhooks.reset();
        control.reset();
        return state();
    }

    @GET
    @Path("counters")
    public Map<String, Object> counters() {
        return control.counters();
    }

    /** The last answered requests, oldest answer first, each with its arrival time and answer (SandboxJournal). */
    @GET
    @Path("journal")
    public Map<String, Object> journal() {
        return control.journal();
    }

    /** Counters at zero and the journal emptied. */
    @DELETE
    @Path("counters")
    public Response resetCounters() {
        control.resetCounters();
        return Response.noContent().build();
    }

    @GET
    @Path("webhooks")
    public List<Map<String, Object>> targets() {
        return webhooks.targets().stream().map(SandboxControlResource::view).toList();
    }

    @POST
    @Path("webhooks")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(@Valid @NotNull WebhookTarget target) {
        WebhookDispatcher.Target registered = webhooks.register(target.url(), target.secret(),
                target.projects() == null ? Set.of() : Set.copyOf(target.projects()));
        return Response.created(URI.create("/sandbox/jira/_control/webhooks/" + registered.id()))
                .entity(view(registered)).build();
    }

    @DELETE
    @Path("webhooks/{id}")
    public Response unregister(@PathParam("id") String id) {
        if (!webhooks.unregister(id)) {
            throw ProblemException.notFound("No webhook target " + id + ".");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("deliveries")
    public List<Map<String, Object>> deliveries() {
        return webhooks.deliveries();
    }

    private static Map<String, Object> view(WebhookDispatcher.Target target) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", target.id());
        view.put("url", target.url());
        view.put("signed", target.secret() != null && !target.secret().isEmpty());
        view.put("projects", target.projects());
        view.put("events", target.events());
        view.put("jqlFilter", target.jql());
        return view;
    }
}
