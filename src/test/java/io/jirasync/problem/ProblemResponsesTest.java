package io.jirasync.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProblemResponsesTest {

    @Test
    void unknownPathIsNotFoundProblem() {
        given().auth().oauth2("test-admin-token-of-the-suite").when().get("/api/v1/no-such-thing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
    }

    @Test
    void wrongMethodIsMethodNotAllowedProblem() {
        given().auth().oauth2("test-admin-token-of-the-suite").when().delete("/api/v1/system")
                .then().statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405));
    }
}
