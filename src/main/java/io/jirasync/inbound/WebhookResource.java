package io.jirasync.inbound;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.http.RetryAfter;
import io.jirasync.integration.IntegrationResource;
import io.jirasync.integration.IntegrationService;
import io.jirasync.problem.JsonBodies;
import io.jirasync.problem.Problem;
import io.jirasync.problem.ProblemException;
import io.jirasync.security.Hashes;
import io.jirasync.security.HmacSignature;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;

/**
 * Jira's webhook receiver: checks the rate limits and the signature, stores the delivery in the inbox and answers
 * 202 at once; the inbox processor applies it later. Authenticated by the signature, not by a bearer token; a
 * delivery to an integration without a webhook secret is stored as unsigned, which makes it a mere trigger.
 */
@Path("/webhooks/jira/{project}")
@PermitAll
public class WebhookResource {

    /** The body of a 202. */
    public record Accepted(@Schema(description = "stored, or duplicate when this delivery was stored before.") String outcome,
            @Schema(description = "Why, in a sentence.") String reason) {
    }

    private final IntegrationService integrations;
    private final WebhookInboxService inbox;
    private final WebhookConfig config;
    private final InboundConfig inbound;
    private final WebhookRateLimit limits;
    private final ObjectMapper json;
    private final InboxJob processor;

    WebhookResource(IntegrationService integrations, WebhookInboxService inbox, WebhookConfig config,
            InboundConfig inbound, WebhookRateLimit limits, ObjectMapper json, InboxJob processor) {
        this.integrations = integrations;
        this.processor = processor;
        this.inbox = inbox;
        this.config = config;
        this.inbound = inbound;
        this.limits = limits;
        this.json = json;
    }

    @Operation(summary = "Receive a Jira webhook delivery", description = "Jira's jira:issue_created, jira:issue_updated and jira:issue_deleted deliveries: checked (X-Hub-Signature with a webhookSecret), stored, then applied from Jira's current state (202). Needs no token.")
    @APIResponse(responseCode = "202", description = "Stored (or recognised as a repeat); applied shortly.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "The body is not a JSON object.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong signature; nothing was stored.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No integration for this project.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than the limit; nothing was stored.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many requests; try again after Retry-After.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The inbox cannot store it now; Jira delivers it again.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @HeaderParam("X-Hub-Signature") String signature,
            @HeaderParam("X-Atlassian-Webhook-Identifier") String identifier,
            @Context HttpServerRequest request, byte[] body) {
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        Optional<Duration> wait = limits.client(client);
        if (wait.isPresent()) {
            return tooMany("Webhook requests from " + client + " are over the limit of " + limits.clientLimit(),
                    wait.get());
        }
        if (body != null && body.length > config.maxBodyBytes()) {
            throw new ProblemException(413, "Payload too large",
                    "A webhook delivery may be at most " + config.maxBodyBytes() + " bytes.");
        }
        IntegrationService.WebhookCheck integration = integrations.webhookCheck(project);
        if (!integration.exists()) {
            throw ProblemException.notFound("No integration for project " + project + ".");
        }
        Optional<String> secret = integration.secret();
        if (secret.isPresent()) {
            String refused = HmacSignature.problem("X-Hub-Signature", signature,
                    body == null ? new byte[0] : body, secret.get());
            if (refused != null) {
                return unauthorized(project, refused);
            }
        }
        wait = limits.integration(project);
        if (wait.isPresent()) {
            return tooMany("Webhook deliveries to the integration of project " + project + " are over the limit of "
                    + limits.integrationLimit(), wait.get());
        }
        return store(project, identifier, secret.isPresent(), body);
    }

    /**
     * Stores the delivery once: a second one with the same identifier (or issue, changelog and timestamp) or the
     * same body is a duplicate. One older than the replay window is stored as ignored.
     */
    private Response store(String project, String identifier, boolean signed, byte[] body) {
        JsonNode tree = parse(body);
        WebhookDelivery delivery = WebhookDelivery.of(tree).notOlderThan(inbound.webhookReplayWindow(), Instant.now());
        String digest = Hashes.sha256Hex(body);
        String dedupeKey = delivery.dedupeKey(identifier, () -> digest);
        WebhookInboxService.Outcome outcome = inbox.store(project, dedupeKey, digest, signed, delivery,
                new String(body, StandardCharsets.UTF_8));
        Log.debugf("Webhook for %s issue %s (%s): %s", project, delivery.issueKey(), delivery.eventType(), outcome);
        if (outcome == WebhookInboxService.Outcome.STORED) {
            processor.wake();
        }
        return Response.accepted(new Accepted(outcome.name().toLowerCase(java.util.Locale.ROOT),
                outcome == WebhookInboxService.Outcome.IGNORED ? delivery.ignoreReason() : null)).build();
    }

    private static Response unauthorized(String project, String refused) {
        Log.warnf("Webhook for %s refused: %s", project, refused);
        return Response.fromResponse(new Problem(401, "Unauthorized", "Webhook refused: " + refused + ".").toResponse())
                .header("WWW-Authenticate", "HMAC realm=\"jira-sync\"").build();
    }

    /** 429 with the seconds to wait (at least 1) in {@code Retry-After}; logged at DEBUG only, as a flood is many. */
    private static Response tooMany(String what, Duration wait) {
        long seconds = RetryAfter.seconds(wait);
        Log.debugf("%s: refused for %d s", what, seconds);
        return Response.fromResponse(new Problem(429, "Too many requests", what + ": try again in " + seconds
                + " s.").toResponse()).header("Retry-After", Long.toString(seconds)).build();
    }

    private JsonNode parse(byte[] body) {
        return JsonBodies.object(json, body, "a Jira webhook delivery");
    }
}
