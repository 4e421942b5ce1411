package io.jirasync.tracker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.outbound.DispatchJob;
import io.jirasync.outbound.OutboxService;
import io.jirasync.outbound.TaskKind;
import io.jirasync.sandbox.trackers.FakeSentry;
import io.jirasync.sandbox.trackers.FakeTrackerApi;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A change applied from Jira, as the notify task carries it, sent to each tracker's API: the requests that fake
 * Rollbar, Bugsnag, GlitchTip and Sentry receive (method, path, authentication, body), and what the sync log
 * says. Backtrace and generic keep the callback.
 */
@QuarkusTest
class TrackerOutboundTest {

    @Inject
    OutboxService outbox;
    @Inject
    DispatchJob dispatcher;
    @Inject
    EntityManager em;

    @BeforeEach
    void forgetOtherTestsWork() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update sync_task set state = 'failed' where state in ('pending', 'running')").executeUpdate());
    }

    /** Queues the notify task of a change applied from Jira, as the inbound applier does, and runs the outbox. */
    private void notify(String project, String id, String state, String assignee, String version,
            List<String> changes) throws Exception {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("project", project);
        body.put("fingerprint", id);
        body.put("state", state);
        body.put("assignee", assignee);
        body.put("resolvedUntilVersion", version);
        body.put("changes", changes);
        body.put("source", "webhook");
        String payload = new ObjectMapper().writeValueAsString(body);
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(project, id, TaskKind.NOTIFY, payload,
                "Tell the tracker."));
        while (dispatcher.dispatchOnce() > 0) {
            // until nothing is due
        }
    }

    private static String lastMessage(String project, String id) {
        JsonPath log = given().auth().oauth2(TrackerWebhooks.ADMIN).get("/api/v1/integrations/" + project
                + "/sync-log?fingerprint=" + id).then().statusCode(200).extract().jsonPath();
        return log.getString("entries[0].message");
    }

    @Test
    void rollbarGetsAPatchOfTheItemsStatusWithItsAccessTokenHeader() throws Exception {
        try (FakeTrackerApi rollbar = new FakeTrackerApi()) {
            TrackerWebhooks.integration("out-rollbar", "rollbar", rollbar.url());
            notify("out-rollbar", "272505123", "resolved", null, "b4e1f37", List.of("state", "resolvedUntilVersion"));
            notify("out-rollbar", "272505123", "open", null, null, List.of("state"));
            notify("out-rollbar", "272505123", "open", "ana@acme.com", null, List.of("assignee"));

            List<FakeTrackerApi.Received> got = rollbar.received();
            assertEquals(2, got.size(), "an assignee alone is not sent: " + got);
            assertEquals("PATCH /api/1/item/272505123", got.get(0).method() + " " + got.get(0).path());
            assertEquals("tracker-api-token", got.get(0).header("X-Rollbar-Access-Token"));
            assertEquals("{\"status\":\"resolved\",\"resolved_in_version\":\"b4e1f37\"}", got.get(0).body());
            assertEquals("{\"status\":\"active\"}", got.get(1).body());
            assertTrue(lastMessage("out-rollbar", "272505123").startsWith("Rollbar's API takes none of these changes"
                    + " (assignee)"));
        }
    }

    @Test
    void bugsnagGetsTheDataAccessApisFixAndOpenOperations() throws Exception {
        try (FakeTrackerApi bugsnag = new FakeTrackerApi()) {
            TrackerWebhooks.integration("out-bugsnag", "bugsnag", bugsnag.url());
            notify("out-bugsnag", "6748f0a1b2c3d4e5f6a7b8c0", "resolved", null, "4.3.0", List.of("state"));
            notify("out-bugsnag", "6748f0a1b2c3d4e5f6a7b8c0", "in_progress", null, null, List.of("state"));

            List<FakeTrackerApi.Received> got = bugsnag.received();
            assertEquals(2, got.size());
            assertEquals("PATCH /projects/5a1b2c3d4e5f6a7b8c9d0e2a/errors/6748f0a1b2c3d4e5f6a7b8c0",
                    got.get(0).method() + " " + got.get(0).path());
            assertEquals("token tracker-api-token", got.get(0).header("Authorization"));
            assertEquals("2", got.get(0).header("X-Version"));
            assertEquals("{\"operation\":\"fix\"}", got.get(0).body());
            assertEquals("{\"operation\":\"open\"}", got.get(1).body());
            assertTrue(lastMessage("out-bugsnag", "6748f0a1b2c3d4e5f6a7b8c0")
                    .startsWith("Bugsnag error 6748f0a1b2c3d4e5f6a7b8c0: open (HTTP 200)"));
        }
    }

    @Test
    void glitchTipGetsSentrysIssuePutWithoutTheOrganization() throws Exception {
        try (FakeTrackerApi glitchtip = new FakeTrackerApi()) {
            TrackerWebhooks.integration("out-glitchtip", "glitchtip", glitchtip.url());
            notify("out-glitchtip", "3571", "ignored", null, null, List.of("state"));

            FakeTrackerApi.Received put = glitchtip.received().get(0);
            assertEquals("PUT /api/0/issues/3571/", put.method() + " " + put.path());
            assertEquals("Bearer tracker-api-token", put.header("Authorization"));
            assertEquals("{\"status\":\"ignored\"}", put.body());
        }
    }

    @Test
    void sentryGetsStatusReleaseAndAssigneeAndAnUnknownUserIsReportedNotGuessed() throws Exception {
        try (FakeSentry sentry = new FakeSentry("acme", "shop-web", "tracker-api-token", TrackerWebhooks.SECRET,
                Set.of("ana@acme.com"))) {
            TrackerWebhooks.integration("out-sentry", "sentry", sentry.url());
            sentry.create("1170820242", "TypeError", 1);
            notify("out-sentry", "1170820242", "resolved", "ana@acme.com", "2.0",
                    List.of("state", "assignee", "resolvedUntilVersion"));
            assertEquals("{\"status\":\"resolved\",\"statusDetails\":{\"inRelease\":\"2.0\"},\"assignedTo\":"
                    + "\"ana@acme.com\"}", sentry.received().get(0).body());
            assertEquals("PUT /api/0/organizations/acme/issues/1170820242/", sentry.received().get(0).method() + " "
                    + sentry.received().get(0).path());
            assertEquals("ana@acme.com", sentry.assignee("1170820242"));

            notify("out-sentry", "1170820242", "open", "ben@elsewhere.com", null, List.of("state", "assignee"));
            assertEquals("unresolved", sentry.status("1170820242"), "the state still goes");
            assertEquals("ana@acme.com", sentry.assignee("1170820242"), "the unknown user is not guessed");
            assertEquals("{\"status\":\"unresolved\"}", sentry.received().get(2).body());
            assertEquals("Sentry issue 1170820242 set to unresolved (HTTP 200). Sentry knows no user"
                    + " 'ben@elsewhere.com': the assignee was not changed there.", lastMessage("out-sentry", "1170820242"));
        }
    }
}
