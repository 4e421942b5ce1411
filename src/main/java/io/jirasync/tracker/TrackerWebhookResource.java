package io.jirasync.tracker;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.jirasync.integration.IntegrationResource;
import io.jirasync.integration.IntegrationService;
import io.jirasync.problem.JsonBodies;
import io.jirasync.problem.Problem;
import io.jirasync.problem.ProblemException;
import io.quarkus.logging.Log;

/**
 * The trackers' webhook receiver: finds the integration and its connector, lets the connector authenticate and
 * read the delivery, stages what it reports and answers 202 at once (the fold applies it, and the Jira calls
 * follow through the outbox). Authenticated by the tracker's signature or the webhook secret, never by a bearer
 * token. Nothing is stored for a delivery it refuses.
 */
@Path("/webhooks/trackers/{kind}/{project}")
@PermitAll
public class TrackerWebhookResource {

    /** The body of a 202: {@code stored} (with the fingerprint and what happened) or {@code ignored} (and why). */
    public record Accepted(
            @Schema(description = "stored, or ignored for a valid delivery of a kind jira-sync does not use.") String outcome,
            @Schema(description = "The fingerprint: the tracker's own issue, error or item id.") String fingerprint,
            @Schema(description = "What the delivery reported, such as issue.resolved.") String event,
            @Schema(description = "Why it was ignored, in a sentence.") String reason) {
    }

    private final IntegrationService integrations;
    private final TrackerConnectors connectors;
    private final TrackerIntake intake;
    private final TrackerConfig config;
    private final ObjectMapper json;
    private final ObjectWriter acceptedJson;

    TrackerWebhookResource(IntegrationService integrations, TrackerConnectors connectors, TrackerIntake intake,
            TrackerConfig config, ObjectMapper json) {
        this.integrations = integrations;
        this.connectors = connectors;
        this.intake = intake;
        this.config = config;
        this.json = json;
        this.acceptedJson = json.writerFor(Accepted.class);
    }

    @Operation(summary = "Receive a tracker's webhook delivery", description = "Sentry (signed), GlitchTip, Bugsnag, Rollbar and Backtrace webhooks, authenticated the way each tracker can (Sentry-Hook-Signature, or the webhookSecret as ?token= or X-Jira-Sync-Token): staged at once (202) and applied to the fingerprint by the fold, before any Jira call.")
    @APIResponse(responseCode = "202", description = "Stored, or ignored with the reason.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "The body is not JSON or not the tracker's shape; errors name what is missing.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Wrong or missing signature or token, or a stale timestamp; nothing was stored.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No integration for this project, its tracker is of another kind, or no connector for the kind.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than jira-sync.tracker.max-body-bytes; nothing was stored.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The ingest staging is full; try again after Retry-After.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@PathParam("kind") String kind,
            @PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @QueryParam("token") String token, @Context HttpHeaders headers, byte[] body) {
        Instant received = Instant.now();
        if (body != null && body.length > config.maxBodyBytes()) {
            throw new ProblemException(413, "Payload too large",
                    "A tracker webhook delivery may be at most " + config.maxBodyBytes() + " bytes.");
        }
        TrackerConnector connector = connectors.of(kind).orElseThrow(() -> ProblemException.notFound(
                "jira-sync has no connector for tracker kind " + kind + "; it has " + connectors.kinds() + "."));
        IntegrationService.WebhookCheck integration = integrations.webhookCheck(project);
        if (!integration.exists()) {
            throw ProblemException.notFound("No integration for project " + project + ".");
        }
        if (!kind.equals(integration.trackerKind())) {
            throw ProblemException.notFound("The integration of project " + project + " has tracker kind "
                    + integration.trackerKind() + ", not " + kind + ".");
        }
        byte[] raw = body == null ? new byte[0] : body;
        TrackerDelivery delivery = new TrackerDelivery(lowerCased(headers), token, raw, null, received);
        // A null from authenticate means "authentic", so it must not pass through Optional.map.
        String refused = integration.trackerWebhookSecret().isEmpty() ? "the integration has no tracker.webhookSecret"
                : connector.authenticate(delivery, integration.trackerWebhookSecret().get());
        if (refused != null) {
            Log.warnf("Tracker webhook (%s) for %s refused: %s", kind, project, refused);
            return Response.fromResponse(new Problem(401, "Unauthorized", "Webhook refused: " + refused + ".")
                    .toResponse()).build();
        }
        TrackerReport report = connector.read(new TrackerDelivery(delivery.headers(), token, raw, parse(raw), received));
        if (report instanceof TrackerReport.Ignored ignored) {
            return accepted(new Accepted("ignored", null, null, ignored.reason()));
        }
        TrackerReport.Fingerprint fingerprint = (TrackerReport.Fingerprint) report;
        String echo = intake.stageUnlessEcho(project, kind, fingerprint).orElse(null);
        return accepted(new Accepted(echo == null ? "stored" : "ignored", fingerprint.fingerprint(),
                fingerprint.what(), echo));
    }

    // Written here with a writer made once: the entity writer's lookup and blocking stream cost a sixth of a
    // delivery's CPU at 2,000/s.
    private Response accepted(Accepted accepted) {
        try {
            return Response.accepted(acceptedJson.writeValueAsBytes(accepted)).type(MediaType.APPLICATION_JSON_TYPE)
                    .build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("The 202's body could not be written", e);
        }
    }

    private static Map<String, String> lowerCased(HttpHeaders headers) {
        Map<String, String> map = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                map.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return map;
    }

    private JsonNode parse(byte[] body) {
        return JsonBodies.object(json, body, "a tracker webhook delivery");
    }
}
