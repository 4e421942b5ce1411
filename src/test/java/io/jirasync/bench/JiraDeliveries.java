package io.jirasync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jirasync.security.HmacSignature;

/**
 * The benchmarks' Jira webhook deliveries: the recorded {@code jira:issue_updated} delivery
 * (jira-webhooks/webhook-issue-updated-resolved.json) made about another issue and changelog, signed with
 * {@code X-Hub-Signature} as Jira signs.
 */
final class JiraDeliveries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private JiraDeliveries() {
    }

    /** The recorded resolving delivery, read once per run. */
    static ObjectNode template() {
        try (InputStream in = JiraDeliveries.class.getResourceAsStream("/jira-webhooks/webhook-issue-updated-resolved.json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The template stamped now, with changelog {@code changelogId}; about issue {@code issueId}/{@code issueKey}
     * updated now, or about the template's own issue when {@code issueId} is null.
     */
    static byte[] body(ObjectNode template, String issueId, String issueKey, String changelogId) {
        ObjectNode delivery = template.deepCopy();
        delivery.put("timestamp", System.currentTimeMillis());
        if (issueId != null) {
            ObjectNode about = (ObjectNode) delivery.get("issue");
            about.put("id", issueId).put("key", issueKey);
            ((ObjectNode) about.get("fields")).put("updated", OffsetDateTime.now().format(JIRA_TIME));
        }
        ((ObjectNode) delivery.get("changelog")).put("id", changelogId);
        try {
            return JSON.writeValueAsBytes(delivery);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The delivery as Jira posts it: signed with {@code secret}, identified by {@code identifier}. */
    static HttpRequest request(URI target, byte[] body, String identifier, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30));
        headers(body, identifier, secret).forEach(request::header);
        return request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** The headers of the delivery as Jira posts it: its type, its signature and its identifier. */
    static Map<String, String> headers(byte[] body, String identifier, String secret) {
        return Map.of("Content-Type", "application/json", "X-Hub-Signature", HmacSignature.sign(body, secret),
                "X-Atlassian-Webhook-Identifier", identifier);
    }
}
