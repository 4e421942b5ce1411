package io.jirasync.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.jirasync.Management;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ApiSecurityTest {

    @Test
    void adminEndpointWithoutTokenIsUnauthorizedProblem() {
        given().when().get("/api/v1/system")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void unknownTokenIsUnauthorizedProblem() {
        given().auth().oauth2("not-a-configured-token").when().get("/api/v1/system")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void malformedAuthorizationHeaderIsUnauthorized() {
        given().header("Authorization", "Basic dGVzdC1hZG1pbi10b2tlbjo=").when().get("/api/v1/system")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void ingestTokenOnAdminEndpointIsForbiddenProblem() {
        given().auth().oauth2("test-ingest-token-of-the-suite").when().get("/api/v1/system")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"))
                .body("detail", equalTo("This token has the ingest role; GET /api/v1/system needs the admin role"
                        + " (jira-sync.auth.admin-tokens)."));
    }

    @Test
    void adminTokenIsAccepted() {
        given().auth().oauth2("test-admin-token-of-the-suite").when().get("/api/v1/system")
                .then().statusCode(200)
                .body("name", equalTo("jira-sync"))
                .body("profiles", hasItem("test"));
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        Management.given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        Management.given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/system'.get.security[0]", org.hamcrest.Matchers.notNullValue());
    }
}
