package io.jirasync.sandbox;

import static io.jirasync.sandbox.Sandbox.API2;
import static io.jirasync.sandbox.Sandbox.API3;
import static io.jirasync.sandbox.Sandbox.CONTROL;
import static io.jirasync.sandbox.Sandbox.jira;
import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(SandboxDisabledTest.Disabled.class)
class SandboxDisabledTest {

    /** The sandbox switched off, as in production unless asked for. */
    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jira-sync.sandbox.enabled", "false");
        }
    }

    @Test
    void everySandboxPathIs404WhenDisabled() {
        jira().get(API3 + "/myself").then().statusCode(404);
        jira().get(API2 + "/issue/DEMO-1").then().statusCode(404);
        jira().body(Sandbox.bugV3("x", "")).post(API3 + "/issue").then().statusCode(404);
        given().get(CONTROL).then().statusCode(404);
        given().post(CONTROL + "/reset").then().statusCode(404);
        given().get("/sandbox/jira/anything/else").then().statusCode(404);
    }
}
