package io.jirasync.sandbox;

import static io.jirasync.sandbox.Sandbox.API3;
import static io.jirasync.sandbox.Sandbox.CONTROL;
import static io.jirasync.sandbox.Sandbox.createBug;
import static io.jirasync.sandbox.Sandbox.jira;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SandboxWebhookTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    static void register(String url, String secret, String... projects) {
        String list = projects.length == 0 ? "" : ", \"projects\": [\"" + String.join("\", \"", projects) + "\"]";
        given().contentType(ContentType.JSON)
                .body("{\"url\": \"" + url + "\"" + (secret == null ? "" : ", \"secret\": \"" + secret + "\"") + list + "}")
                .post(CONTROL + "/webhooks").then().statusCode(201);
    }

    static JsonNode item(JsonNode payload, String fieldId) {
        for (JsonNode item : payload.path("changelog").path("items")) {
            if (fieldId.equals(item.path("fieldId").asText(null)) || fieldId.equals(item.path("field").asText())) {
                return item;
            }
        }
        return null;
    }

    @Test
    void transitionToDoneDeliversASignedIssueUpdatedWithStatusAndResolution() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver("s3cret", 0)) {
            register(receiver.url(), "s3cret");
            String key = createBug("NPE");
            jira().body("{\"transition\": {\"id\": \"21\"}, \"fields\": {\"resolution\": {\"name\": \"Done\"}}}")
                    .post(API3 + "/issue/" + key + "/transitions").then().statusCode(204);

            WebhookReceiver.Received delivery = receiver.await(
                    r -> r.body().contains("\"jira:issue_updated\""), PATIENCE);
            assertEquals(204, delivery.answeredWith(), "the receiver verified the HMAC signature");
            assertTrue(delivery.header("X-Hub-Signature").matches("sha256=[0-9a-f]{64}"));
            assertTrue(delivery.header("X-Atlassian-Webhook-Identifier") != null);
            JsonNode payload = delivery.json();
            assertEquals(key, payload.path("issue").path("key").asText());
            assertEquals("Done", payload.path("issue").path("fields").path("status").path("name").asText());
            JsonNode status = item(payload, "status");
            assertEquals("To Do", status.path("fromString").asText());
            assertEquals("Done", status.path("toString").asText());
            assertEquals("10001", status.path("to").asText());
            JsonNode resolution = item(payload, "resolution");
            assertEquals("Done", resolution.path("toString").asText());
            assertEquals("resolution", resolution.path("fieldId").asText());
            assertTrue(resolution.path("from").isNull());

            WebhookReceiver.Received created = receiver.await(r -> r.body().contains("\"jira:issue_created\""), PATIENCE);
            assertEquals(204, created.answeredWith());
        }
    }

    @Test
    void aWrongSecretIsRefusedByTheReceiver() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver("receiver-secret", 0)) {
            register(receiver.url(), "another-secret");
            createBug("NPE");
            assertEquals(401, receiver.await(r -> true, PATIENCE).answeredWith());
        }
    }

    @Test
    void failedDeliveriesAreRetriedWithTheSameIdentifier() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver("s3cret", 2)) {
            register(receiver.url(), "s3cret");
            createBug("NPE");
            WebhookReceiver.Received accepted = receiver.await(r -> r.answeredWith() == 204, PATIENCE);
            List<WebhookReceiver.Received> all = new ArrayList<>(receiver.received);
            assertEquals(3, all.size(), "two refusals, then the accepted retry");
            String identifier = all.get(0).header("X-Atlassian-Webhook-Identifier");
            all.forEach(r -> assertEquals(identifier, r.header("X-Atlassian-Webhook-Identifier")));
            assertNull(all.get(0).header("X-Atlassian-Webhook-Retry"));
            assertEquals("2", accepted.header("X-Atlassian-Webhook-Retry"));
            given().get(CONTROL + "/deliveries").then().statusCode(200)
                    .body("[0].state", org.hamcrest.Matchers.equalTo("delivered"))
                    .body("[0].attempts", org.hamcrest.Matchers.equalTo(3));
        }
    }

    @Test
    void serverChangelogItemsHaveNoFieldIdAndUnsignedTargetsGetNoSignature() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(null, 0)) {
            register(receiver.url(), null, "DEMO");
            Sandbox.control("{\"flavour\": \"server\"}");
            String key = jira().body("""
                    {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "x",
                     "customfield_10010": {"value": "Backend"}}}""").post(Sandbox.API2 + "/issue")
                    .then().statusCode(201).extract().path("key");
            jira().body("{\"name\": \"ana\"}").put(Sandbox.API2 + "/issue/" + key + "/assignee").then().statusCode(204);
            JsonNode payload = receiver.await(r -> r.body().contains("issue_assigned"), PATIENCE).json();
            JsonNode assignee = item(payload, "assignee");
            assertEquals("ana", assignee.path("to").asText());
            assertEquals("Ana Silva", assignee.path("toString").asText());
            assertFalse(assignee.has("fieldId"));
            assertNull(receiver.received.get(0).header("X-Hub-Signature"));
        }
    }

    @Test
    void targetsOnlyGetTheirProjectsAndPausedWebhooksWaitForResume() throws Exception {
        try (WebhookReceiver ops = new WebhookReceiver(null, 0); WebhookReceiver demo = new WebhookReceiver(null, 0)) {
            register(ops.url(), null, "OPS");
            register(demo.url(), null, "DEMO");
            Sandbox.control("{\"webhooksPaused\": true}");
            String key = createBug("NPE");
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .alias("nothing is sent while paused").until(demo.received::isEmpty);
            Sandbox.control("{\"webhooksPaused\": false}");
            demo.await(r -> r.body().contains(key), PATIENCE);
            jira().delete(API3 + "/issue/" + key).then().statusCode(204);
            demo.await(r -> r.body().contains("\"jira:issue_deleted\""), PATIENCE);
            assertTrue(ops.received.isEmpty(), "OPS' target got nothing of DEMO");
        }
    }

    @Test
    void webhooksRegisteredThroughJirasApiFollowTheirEventsAndJqlFilter() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(null, 0)) {
            String registration = """
                    {"url": "%s", "webhooks": [
                      {"events": ["jira:issue_updated"], "jqlFilter": "project = DEMO AND labels = hot"},
                      {"events": ["jira:issue_created"], "jqlFilter": "project = DEMO AND"}]}""".formatted(receiver.url());
            assertEquals("", io.jirasync.openapi.JiraOpenApi.validateRequest("POST", "/rest/api/3/webhook", registration));
            io.restassured.response.Response registered = jira().body(registration).post(API3 + "/webhook");
            registered.then().statusCode(200)
                    .body("webhookRegistrationResult[0].createdWebhookId", org.hamcrest.Matchers.notNullValue())
                    .body("webhookRegistrationResult[1].errors[0]",
                            org.hamcrest.Matchers.containsString("Error in the JQL Query"));
            assertEquals("", io.jirasync.openapi.JiraOpenApi.validateResponse("POST", "/rest/api/3/webhook", 200,
                    registered.asString()));
            io.restassured.response.Response listed = jira().get(API3 + "/webhook");
            listed.then().statusCode(200).body("values[0].jqlFilter",
                    org.hamcrest.Matchers.equalTo("project = DEMO AND labels = hot"));
            assertEquals("",
                    io.jirasync.openapi.JiraOpenApi.validateResponse("GET", "/rest/api/3/webhook", 200, listed.asString()));

            String cold = createBug("cold");
            String hot = createBug("hot");
            jira().body("{\"update\": {\"labels\": [{\"add\": \"warm\"}]}}").put(API3 + "/issue/" + cold).then()
                    .statusCode(204);
            jira().body("{\"update\": {\"labels\": [{\"add\": \"hot\"}]}}").put(API3 + "/issue/" + hot).then().statusCode(204);
            receiver.await(r -> r.body().contains(hot), PATIENCE);
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                    .alias("only the update that matches the JQL filter").until(() -> receiver.received.size() == 1);
            assertTrue(receiver.received.get(0).body().contains("\"jira:issue_updated\""));

            long id = registered.jsonPath().getLong("webhookRegistrationResult[0].createdWebhookId");
            jira().body("{\"webhookIds\": [" + id + "]}").delete(API3 + "/webhook").then().statusCode(202);
            jira().get(API3 + "/webhook").then().body("total", org.hamcrest.Matchers.equalTo(0));
        }
    }
}
