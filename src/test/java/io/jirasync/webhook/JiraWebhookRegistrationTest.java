package io.jirasync.webhook;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.jirasync.outbound.OutboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * {@code POST/GET /api/v1/integrations/{project}/jira-webhook} against the sandbox's admin webhook API: registered
 * once, found again rather than duplicated, delivering signed changes, and what to set by hand when the Jira user is
 * no Jira administrator.
 */
@QuarkusTest
class JiraWebhookRegistrationTest {

    private static final String SECRET = "webhook-secret-of-the-registration-test";

    @Inject
    EntityManager em;

    @BeforeEach
    void emptySandbox() {
        resetSandbox("cloud");
    }

    private static JsonPath webhook(String method, String project, int status) {
        return given().auth().oauth2(ADMIN).request(method, "/api/v1/integrations/" + project + "/jira-webhook")
                .then().statusCode(status).extract().jsonPath();
    }

    private static List<Object> jiraWebhooks() {
        return given().auth().preemptive().basic("jira-sync@example.com", "sandbox-api-token")
                .get(sandbox() + "/rest/webhooks/1.0/webhook").then().statusCode(200).extract().path("$");
    }

    @Test
    void registersOnceThenReportsTheLastDeliveryAfterAChange() {
        // A project of this run alone: deliveries other tests stored would count as seen.
        String project = "hooks-" + System.currentTimeMillis();
        integration(project, ", \"webhookSecret\": \"" + SECRET + "\"");
        String url = ConfigProvider.getConfig().getValue("test.url", String.class) + "/webhooks/jira/" + project;
        JsonPath before = webhook("GET", project, 200);
        assertFalse(before.getBoolean("registered"));
        assertNull(before.get("lastDeliveryAt"));

        JsonPath created = webhook("POST", project, 200);
        Log.infof("POST jira-webhook: %s", created.prettify());
        assertEquals("created", created.getString("action"));
        assertEquals(url, created.getString("webhook.url"));
        assertEquals(List.of("jira:issue_created", "jira:issue_updated", "jira:issue_deleted"),
                created.getList("webhook.events"));
        assertEquals("project = DEMO", created.getString("webhook.jql"));
        assertEquals(true, created.getBoolean("matches"));
        assertEquals("updated", webhook("POST", project, 200).getString("action"), "the second POST updates");
        assertEquals(1, jiraWebhooks().size(), "Jira holds one webhook, not two");

        given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project + "/jira-webhook").then().statusCode(200)
                .body("registered", equalTo(true)).body("matches", equalTo(true))
                .body("mismatches", org.hamcrest.Matchers.empty()).body("secretSet", equalTo(true))
                .body(not(containsString(SECRET)));

        given().auth().preemptive().basic("ana@example.com", "sandbox-api-token").contentType(ContentType.JSON)
                .body("""
                        {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "seen",
                         "customfield_10010": {"value": "Backend"}}}""")
                .post(sandbox() + "/rest/api/3/issue").then().statusCode(201);
        await().atMost(Duration.ofSeconds(15)).until(() -> webhook("GET", project, 200).get("lastDeliveryAt") != null);
        JsonPath after = webhook("GET", project, 200);
        Log.infof("GET jira-webhook after a change: %s", after.prettify());
        assertEquals(true, after.getBoolean("matches"));
        Boolean signed = QuarkusTransaction.requiringNew().call(() -> (Boolean) em.createNativeQuery(
                "select bool_and(signed) from webhook_inbox where project = ?1").setParameter(1, project).getSingleResult());
        assertEquals(Boolean.TRUE, signed, "the registered secret signs Jira's deliveries");
    }

    @Test
    void aWebhookChangedInJiraShowsAsAMismatchAndPostRepairsIt() {
        integration("hookfix", ", \"webhookSecret\": \"" + SECRET + "\"");
        String id = webhook("POST", "hookfix", 200).getString("webhook.id");
        given().auth().preemptive().basic("jira-sync@example.com", "sandbox-api-token").contentType(ContentType.JSON)
                .body("""
                        {"name": "jira-sync hookfix", "url": "%s", "events": ["jira:issue_created"],
                         "filters": {"issue-related-events-section": "project = OPS"}}"""
                        .formatted(webhook("GET", "hookfix", 200).getString("expected.url")))
                .put(sandbox() + "/rest/webhooks/1.0/webhook/" + id).then().statusCode(200);
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/hookfix/jira-webhook").then().statusCode(200)
                .body("registered", equalTo(true)).body("matches", equalTo(false))
                .body("mismatches", containsInAnyOrder("events", "jql"));
        given().auth().oauth2(ADMIN).post("/api/v1/integrations/hookfix/jira-webhook").then().statusCode(200)
                .body("action", equalTo("updated")).body("matches", equalTo(true))
                .body("webhook.id", equalTo(id));
    }

    @Test
    void aJiraUserWhoIsNoAdministratorGetsWhatToSetInJirasAdminPages() {
        integration("hooksben", "ben@example.com", ", \"webhookSecret\": \"" + SECRET + "\"");
        given().auth().oauth2(ADMIN).post("/api/v1/integrations/hooksben/jira-webhook").then().statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Jira refused the webhook registration"))
                .body("detail", containsString("Settings > System > WebHooks"))
                .body("detail", containsString("/webhooks/jira/hooksben"))
                .body("detail", containsString("project = DEMO"))
                .body("errors.field", hasItems("url", "events", "jql", "secret"))
                .body(not(containsString(SECRET)));
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/nosuch/jira-webhook").then().statusCode(404)
                .body("detail", notNullValue()).body("webhook", nullValue());
    }
}
