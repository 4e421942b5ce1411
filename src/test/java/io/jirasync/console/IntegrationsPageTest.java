package io.jirasync.console;

import static io.jirasync.console.ConsoleSignInTest.signIn;
import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.inbound.WebhookReceiverTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class IntegrationsPageTest {

    /** Settings that open a ticket from the second event on, with the sandbox's required Team field filled. */
    static final String AUTO_WITH_TEAM = """
            , "rules": {"autoCreate": true, "minEvents": 2},
              "customFields": [{"field": "Team", "value": "backend"}]""";

    @Inject
    ConsoleScenario scenario;

    @BeforeEach
    void twoIntegrationsOneTicketOneFailure() throws IOException {
        resetSandbox("cloud");
        integration("list-a", AUTO_WITH_TEAM);
        // Without Team the sandbox refuses the create (the field is required): a failed task.
        integration("list-b",
                ", \"rules\": {\"autoCreate\": true, \"minEvents\": 2}, \"webhookSecret\": \"s3cret-of-the-list-test\"");
        integration("list-c", "");
        scenario.queued("list-a", List.of("npe-a"), 2);
        scenario.queued("list-b", List.of("npe-b"), 2);
        scenario.drain();
        given().contentType("application/json").body(WebhookReceiverTest.delivery("webhook-issue-updated-resolved.json"))
                .header("X-Atlassian-Webhook-Identifier", "list-a-" + System.nanoTime()).when()
                .post("/webhooks/jira/list-a").then().statusCode(202);
    }

    @Test
    void theApiListsEachIntegrationWithItsTicketsFailuresAndWebhooksButNoSecret() {
        String body = given().auth().oauth2(ADMIN).when().get("/api/v1/integrations?limit=500").then().statusCode(200)
                .body("items.find { it.project == 'list-a' }.jiraUrl", startsWith("http://localhost:"))
                .body("items.find { it.project == 'list-a' }.projectKey", equalTo("DEMO"))
                .body("items.find { it.project == 'list-a' }.autoCreate", equalTo(true))
                .body("items.find { it.project == 'list-a' }.lastTicket.key", startsWith("DEMO-"))
                .body("items.find { it.project == 'list-a' }.failedTasks", equalTo(0))
                .body("items.find { it.project == 'list-a' }.lastWebhookAt", notNullValue())
                .body("items.find { it.project == 'list-b' }.lastTicket", nullValue())
                .body("items.find { it.project == 'list-b' }.failedTasks", equalTo(1))
                .body("items.find { it.project == 'list-b' }.lastWebhookAt", nullValue())
                .body("items.find { it.project == 'list-c' }.autoCreate", equalTo(false))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(body.contains("sandbox-api-token") || body.contains("s3cret"), body);
    }

    @Test
    void theApiPagesInProjectOrderAndRefusesABadLimit() {
        String next = given().auth().oauth2(ADMIN).when().get("/api/v1/integrations?after=list-a&limit=1").then()
                .statusCode(200).body("items[0].project", equalTo("list-b")).body("next", equalTo("list-b"))
                .extract().path("next");
        given().auth().oauth2(ADMIN).when().get("/api/v1/integrations?after=" + next + "&limit=1").then()
                .statusCode(200).body("items[0].project", equalTo("list-c"));
        given().auth().oauth2(ADMIN).when().get("/api/v1/integrations?limit=0&after=a%20b").then().statusCode(400)
                .body("errors.size()", equalTo(2));
        given().auth().oauth2("test-tracker-token-of-the-suite").when().get("/api/v1/integrations").then()
                .statusCode(403);
    }

    @Test
    void thePageShowsTheSameRows() {
        String session = signIn(ADMIN);
        given().cookie(ConsoleGuard.COOKIE, session).when().get("/console").then().statusCode(200)
                .body(containsString("<tr data-project=\"list-a\">"), containsString("<tr data-project=\"list-b\">"),
                        containsString("DEMO-"), containsString("outcome=failed\">1</a>"),
                        not(containsString("sandbox-api-token")));
    }

    @Test
    void aProjectScopedSessionSeesOnlyItsProjects() {
        integration("scoped-shop", "");
        String session = signIn("test-scoped-admin-token-of-the-suite");
        given().cookie(ConsoleGuard.COOKIE, session).when().get("/console").then().statusCode(200)
                .body(containsString("<tr data-project=\"scoped-shop\">"), not(containsString("list-a")));
    }
}
