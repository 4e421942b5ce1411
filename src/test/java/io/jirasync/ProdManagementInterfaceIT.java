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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker in the prod profile: health, metrics and the OpenAPI document answer on the management
 * interface and not on the application port, and Swagger UI is off unless switched on.
 */
class ProdManagementInterfaceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A schema of its own: the test database's secrets check is under whichever key the suite left it. */
    private static final String SCHEMA = "management_it";
    private static final String KEY = "bWFuYWdlbWVudC1pdC1rZXktb2YtMzItYnl0ZXMhISE=";
    // The jobs stay off: these workers are only here to answer.
    private static final List<String> PROPERTIES = List.of("-Dquarkus.http.port=0", "-Dquarkus.flyway.schemas=" + SCHEMA,
            "-Djira-sync.dispatch.enabled=false", "-Djira-sync.inbound.enabled=false");

    @BeforeAll
    static void freshSchema() throws Exception {
        PackagedWorker.dropSchema(SCHEMA);
    }

    private static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("JIRA_SYNC_AUTH_ADMIN_TOKENS", "prod-admin-token-of-the-mgmt-it",
                "JIRA_SYNC_SECRETS_KEY", KEY, "QUARKUS_DATASOURCE_JDBC_URL", PackagedWorker.schemaUrl(SCHEMA)));
        env.putAll(extra);
        return env;
    }

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
