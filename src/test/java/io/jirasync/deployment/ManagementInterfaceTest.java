package io.jirasync.deployment;

import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jirasync.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Health, metrics, the OpenAPI document and Swagger UI are served on the management interface only: the
 * application port, the one users expose, answers none of them. (What they say: ApiSecurityTest.)
 */
@QuarkusTest
class ManagementInterfaceTest {

    /** Each management path, and a piece of what it answers. */
    private static final Map<String, String> MANAGEMENT_PATHS = Map.of(
            "/q/health", "\"status\"",
            "/q/health/ready", "Database connections health check",
            "/q/health/live", "\"UP\"",
            "/q/health/started", "\"UP\"",
            "/q/metrics", "jvm_memory_used_bytes",
            "/q/openapi", "/api/v1/projects/{project}/events",
            // The test profile switches Swagger UI on, as dev does; prod leaves it off (SwaggerUiOffInProdIT).
            "/q/swagger-ui/", "swagger-ui");

    @Test
    void theApplicationPortAnswersNoManagementPath() {
        MANAGEMENT_PATHS.keySet().forEach(path -> RestAssured.given().when().get(path).then().statusCode(404));
    }

    @Test
    void theManagementInterfaceAnswersEveryManagementPath() {
        MANAGEMENT_PATHS.forEach((path, content) -> Management.given().when().get(path).then().statusCode(200)
                .body(containsString(content)));
    }
}
