package io.jirasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The packaged worker in the prod profile, in a schema of its own: an integration needs a {@code webhookSecret} or
 * an explicit {@code allowUnsignedWebhooks: true}, which {@code test} reports as a warning.
 */
class UnsignedWebhooksProdIT {

    static final String SCHEMA = "unsigned_webhooks_it";
    static final String ADMIN = "unsigned-webhooks-admin-token-of-the-it";
    static final String KEY = "dW5zaWduZWQtd2ViaG9va3Mta2V5LW9mLXRoZS1pdCE=";
    static final String TOKEN = ", \"token\": \"an-api-token\"";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anIntegrationNeedsAWebhookSecretOrAnExplicitConsentThatTestWarnsAbout() throws Exception {
        PackagedWorker.dropSchema(SCHEMA);
        PackagedWorker.Running worker = PackagedWorker.startListening(Map.of("JIRA_SYNC_AUTH_ADMIN_TOKENS", ADMIN,
                "JIRA_SYNC_SECRETS_KEY", KEY, "QUARKUS_DATASOURCE_JDBC_URL", PackagedWorker.schemaUrl(SCHEMA)),
                List.of(
                        "-Dquarkus.http.port=0", "-Dquarkus.flyway.schemas=" + SCHEMA,
                        "-Djira-sync.dispatch.enabled=false", "-Djira-sync.inbound.enabled=false"));
        try {
            String base = "http://127.0.0.1:" + worker.port();
            HttpResponse<String> refused = call(base, "PUT", "/api/v1/integrations/shop", settings("", ""));
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
            List<String> fields = new ArrayList<>();
            JSON.readTree(refused.body()).path("errors").forEach(e -> fields.add(e.path("field").asText()));
            assertEquals(List.of("jira.auth.token", "webhookSecret"), fields.stream().sorted().toList(), refused.body());
            assertTrue(refused.body().contains("allowUnsignedWebhooks"), refused.body());

            HttpResponse<String> consented = call(base, "PUT", "/api/v1/integrations/shop",
                    settings(TOKEN, ", \"allowUnsignedWebhooks\": true"));
            assertEquals(201, consented.statusCode(), consented.body());
            JsonNode test = JSON.readTree(call(base, "POST", "/api/v1/integrations/shop/test", null).body());
            JsonNode warning = null;
            for (JsonNode finding : test.path("findings")) {
                warning = "allowUnsignedWebhooks".equals(finding.path("field").asText()) ? finding : warning;
            }
            assertTrue(warning != null && "warning".equals(warning.path("severity").asText()), test.toString());

            HttpResponse<String> signed = call(base, "PUT", "/api/v1/integrations/signed",
                    settings(TOKEN, ", \"webhookSecret\": \"a-webhook-secret\""));
            assertEquals(201, signed.statusCode(), signed.body());
        } finally {
            worker.stop();
        }
    }

    /** Settings on a Jira that cannot be reached, with more in {@code auth} and at the top level. */
    private static String settings(String auth, String extra) {
        return """
                {"jira": {"url": "https://jira.invalid", "deployment": "cloud",
                          "auth": {"type": "basic", "user": "bot@example.com"%s}}, "projectKey": "DEMO"%s}"""
                .formatted(auth, extra);
    }

    private HttpResponse<String> call(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
