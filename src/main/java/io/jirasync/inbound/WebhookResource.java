package io.jirasync.inbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.integration.IntegrationResource;
import io.jirasync.integration.IntegrationService;
import io.jirasync.problem.Problem;
import io.jirasync.problem.ProblemException;
import io.jirasync.security.Hashes;
import io.jirasync.security.HmacSignature;
import io.quarkus.logging.Log;

/**
 * Jira's webhook receiver: checks the signature, stores the delivery in the inbox and answers 202 at once; the
 * inbox processor applies it later. Authenticated by the signature, not by a bearer token.
 */
@Path("/webhooks/jira/{project}")
@PermitAll
public class WebhookResource {

    /** The body of a 202. */
    public record Accepted(String outcome, String reason) {
    }

    private final IntegrationService integrations;
    private final WebhookInboxService inbox;
    private final WebhookConfig config;
    private final ObjectMapper json;
    private final InboxJob processor;

    WebhookResource(IntegrationService integrations, WebhookInboxService inbox, WebhookConfig config, ObjectMapper json,
            InboxJob processor) {
        this.integrations = integrations;
        this.processor = processor;
        this.inbox = inbox;
        this.config = config;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@PathParam("project") @Pattern(regexp = IntegrationResource.PROJECT_PATTERN) String project,
            @HeaderParam("X-Hub-Signature") String signature,
            @HeaderParam("X-Atlassian-Webhook-Identifier") String identifier,
            byte[] body) {
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
                Log.warnf("Webhook for %s refused: %s", project, refused);
                return Response.fromResponse(new Problem(401, "Unauthorized", "Webhook refused: " + refused + ".").toResponse())
                        .header("WWW-Authenticate", "HMAC realm=\"jira-sync\"").build();
            }
        }
        JsonNode tree = parse(body);
        WebhookDelivery delivery = WebhookDelivery.of(tree);
        String dedupeKey = delivery.dedupeKey(identifier, () -> Hashes.sha256Hex(body));
        WebhookInboxService.Outcome outcome = inbox.store(project, dedupeKey, delivery,
                new String(body, StandardCharsets.UTF_8));
        Log.debugf("Webhook for %s issue %s (%s): %s", project, delivery.issueKey(), delivery.eventType(), outcome);
        if (outcome == WebhookInboxService.Outcome.STORED) {
            processor.wake();
        }
        return Response.accepted(new Accepted(outcome.name().toLowerCase(java.util.Locale.ROOT),
                outcome == WebhookInboxService.Outcome.IGNORED ? delivery.ignoreReason() : null)).build();
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.badField("body", "is empty; a Jira webhook delivery is a JSON object");
        }
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw ProblemException.badField("body", "must be a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new ProblemException(new Problem(400, "Malformed JSON", "The webhook body is not valid JSON."));
        } catch (IOException e) {
            throw new ProblemException(new Problem(400, "Malformed JSON", "The webhook body could not be read."));
        }
    }
}
