package io.jirasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The packaged worker in the prod profile: health, metrics and the OpenAPI document answer on the management
 * interface and not on the application port, and Swagger UI is off unless switched on.
 */
class ProdManagementInterfaceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // The test profile's key: the test database's secrets check was stored under it.
    private static final String TEST_KEY = "dGVzdC1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";

    private static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("JIRA_SYNC_AUTH_ADMIN_TOKENS", "prod-admin-token-of-the-mgmt-it",
                "JIRA_SYNC_SECRETS_KEY", TEST_KEY, "QUARKUS_DATASOURCE_JDBC_URL", PackagedWorker.testDatabaseUrl()));
        env.putAll(extra);
        return env;
    }

    // The jobs stay off: these workers are only here to answer.
    private static final List<String> PROPERTIES = List.of("-Dquarkus.http.port=0",
            "-Djira-sync.dispatch.enabled=false", "-Djira-sync.inbound.enabled=false");

    private static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void healthMetricsAndOpenApiAnswerOnTheManagementPortOnlyAndSwaggerUiIsOff() throws Exception {
        try (PackagedWorker.Running worker = PackagedWorker.startListening(env(Map.of()), PROPERTIES)) {
            for (String path : List.of("/q/health/ready", "/q/health/live", "/q/health/started", "/q/metrics",
                    "/q/openapi")) {
                assertEquals(200, status(worker.managementUrl() + path), path + " on the management port");
                assertEquals(404, status(worker.url() + path), path + " on the application port");
            }
            assertEquals(404, status(worker.managementUrl() + "/q/swagger-ui/"), "Swagger UI is on in prod");
            assertEquals(404, status(worker.url() + "/q/swagger-ui/"), "Swagger UI on the application port");
        }
    }

    @Test
    void swaggerUiAnswersOnTheManagementPortWhenSwitchedOn() throws Exception {
        try (PackagedWorker.Running worker = PackagedWorker.startListening(
                env(Map.of("QUARKUS_SWAGGER_UI_ENABLED", "true")), PROPERTIES)) {
            HttpResponse<String> ui = HTTP.send(HttpRequest.newBuilder(URI.create(worker.managementUrl()
                    + "/q/swagger-ui/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ui.statusCode());
            assertTrue(ui.body().contains("swagger-ui"), ui.body());
            assertEquals(404, status(worker.url() + "/q/swagger-ui/"), "Swagger UI on the application port");
        }
    }
}
