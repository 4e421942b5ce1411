package io.jirasync.console;

import static io.jirasync.console.ConsoleSignInTest.csrfOf;
import static io.jirasync.console.ConsoleSignInTest.signIn;
import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class SyncLogPageTest {

    @Inject
    ConsoleScenario scenario;

    String session;
    long task;

    @BeforeEach
    void aCreateThatJiraRefused() {
        resetSandbox("cloud");
        String project = "log-" + System.nanoTime();
        // The sandbox's DEMO/Bug needs Team: without it Jira answers 400 and the create task fails.
        integration(project, ", \"rules\": {\"autoCreate\": true, \"minEvents\": 1}");
        scenario.queued(project, List.of("npe-log"), 1);
        scenario.drain();
        task = given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project + "/sync-log").then()
                .statusCode(200).body("entries[0].outcome", equalTo("failed")).extract()
                .<Number> path("entries[0].taskId").longValue();
        this.project = project;
        session = signIn(ADMIN);
    }

    String project;

    private RequestSpecification console() {
        return given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session);
    }

    @Test
    void aFailedTaskShowsJirasAnswerAndARetryButton() {
        console().get("/console/sync-log?project=" + project).then().statusCode(200)
                .body(containsString("Jira answered 400"), containsString("customfield_10010"),
                        containsString("data-task=\"" + task + "\">Retry</button>"),
                        containsString("name=\"_csrf\""));
    }

    @Test
    void theFiltersNarrowTheLines() {
        console().get("/console/sync-log?project=" + project + "&outcome=failed").then().statusCode(200)
                .body(containsString("class=\"outcome-failed\""), not(containsString("class=\"outcome-queued\"")));
        console().get("/console/sync-log?project=" + project + "&direction=inbound").then().statusCode(200)
                .body(containsString("No line matches."));
        console().get("/console/sync-log?project=" + project + "&fingerprint=another").then().statusCode(200)
                .body(containsString("No line matches."));
        console().get("/console/sync-log?project=" + project + "&fingerprint=npe-log&direction=outbound").then()
                .statusCode(200).body(containsString("class=\"outcome-queued\""));
    }

    @Test
    void aRetryWithoutTheCsrfTokenIsRefusedAndTheTaskStaysFailed() {
        console().contentType(ContentType.URLENC).formParam("project", project).formParam("task", task)
                .post("/console/sync-log/retry").then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project + "/sync-log").then()
                .body("entries[0].outcome", equalTo("failed")).body("entries[0].taskState", equalTo("failed"));
    }

    @Test
    void retryingFromThePageSendsTheTaskAgain() {
        integration(project, ", \"rules\": {\"autoCreate\": true, \"minEvents\": 1},"
                + " \"customFields\": [{\"field\": \"Team\", \"value\": \"backend\"}]");
        String location = console().contentType(ContentType.URLENC).formParam("_csrf", csrfOf(session))
                .formParam("project", project).formParam("task", task).formParam("outcome", "failed")
                .post("/console/sync-log/retry").then().statusCode(303).extract().header("Location");
        assertTrue(location.contains("outcome=failed") && location.contains("retried=" + task), location);
        console().get(location.substring(location.indexOf("/console"))).then().statusCode(200)
                .body(containsString("Task " + task + " is queued again."));
        scenario.drain();
        console().get("/console/sync-log?project=" + project + "&outcome=done").then().statusCode(200)
                .body(containsString("Created DEMO-"));
        console().contentType(ContentType.URLENC).formParam("_csrf", csrfOf(session)).formParam("project", project)
                .formParam("task", task).post("/console/sync-log/retry").then().statusCode(409)
                .body(containsString("has not failed"));
    }

    @Test
    void aScopedSessionCannotRetryAnotherProjectsTask() {
        String scoped = signIn("test-scoped-admin-token-of-the-suite");
        given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, scoped).contentType(ContentType.URLENC)
                .formParam("_csrf", csrfOf(scoped)).formParam("project", project).formParam("task", task)
                .post("/console/sync-log/retry").then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project + "/sync-log").then()
                .body("entries[0].taskState", equalTo("failed"));
    }
}
