package io.jirasync.inbound;

import static io.jirasync.inbound.InboundFixture.api;
import static io.jirasync.inbound.InboundFixture.fingerprint;
import static io.jirasync.inbound.InboundFixture.integration;
import static io.jirasync.inbound.InboundFixture.jiraAs;
import static io.jirasync.inbound.InboundFixture.moveTo;
import static io.jirasync.inbound.InboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.outbound.DispatchJob;
import io.jirasync.outbound.RulesJob;
import io.jirasync.sandbox.trackers.FakeSentry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Both ways between a fake Sentry (HTTP, signed webhooks) and the sandbox Jira: an issue resolved in Sentry moves
 * its ticket to Done; Done with fix version 2.0 in Jira resolves the Sentry issue in release 2.0; and in neither
 * direction does the echo come back as a change (the request counts of both fakes say so).
 */
@QuarkusTest
class SentryRoundTripTest {

    static final String ANA = "5d53f3cbc6b9320d9ea5bdc2";

    @Inject
    FingerprintService fingerprints;
    @Inject
    RulesJob rules;
    @Inject
    DispatchJob dispatcher;
    @Inject
    InboxJob inbox;
    @Inject
    EntityManager em;

    @BeforeEach
    void forgetOtherTestsWork() {
        InboundFixture.forgetOtherTestsWorkOnCloud(em);
    }

    /** Folds, runs the rules and the outbox, and the inbox, until nothing is left. */
    private void settle() {
        fingerprints.foldStaged();
        rules.runOnce();
        while (dispatcher.dispatchOnce() > 0 | inbox.processOnce() > 0) {
            fingerprints.foldStaged();
        }
    }

    private long tasks(String project, String kind) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from sync_task where project = ?1 and kind = ?2").setParameter(1, project)
                .setParameter(2, kind).getSingleResult()).longValue());
    }

    private static long jiraRequests() {
        return given().get(sandbox() + "/_control/counters").then().statusCode(200).extract().<Number> path("total")
                .longValue();
    }

    private String ticket(FakeSentry sentry, String project, String id) {
        sentry.create(id, "KeyError: 'cart' in checkout " + id, 3);
        settle();
        return fingerprint(project, id).getString("jira.key");
    }

    @Test
    void resolvedInSentryIsDoneInJiraAndDoneWithFixVersionResolvesSentryInThatReleaseWithoutALoop() {
        String project = "sentry-rt";
        try (FakeSentry sentry = new FakeSentry("acme", "shop-web", "sentry-api-token", "sentry-client-secret",
                Set.of("ana@tracker.example.com"))) {
            integration(project, "cloud", """
                    , "rules": {"autoCreate": true, "minEvents": 1}, "webhookSecret": "hook-secret",
                      "customFields": [{"field": "Team", "value": "backend"}],
                      "users": [{"tracker": "ana@tracker.example.com", "jira": "%s"}],
                      "tracker": {"kind": "sentry", "url": "%s", "organization": "acme", "project": "shop-web",
                                  "token": "sentry-api-token", "webhookSecret": "sentry-client-secret"}"""
                    .formatted(ANA, sentry.url()));
            given().contentType(ContentType.JSON).body(Map.of("url", "http://localhost:" + RestAssured.port
                    + "/webhooks/jira/" + project, "secret", "hook-secret", "projects", List.of("DEMO")))
                    .post(sandbox() + "/_control/webhooks").then().statusCode(201);
            sentry.webhookUrl("http://localhost:" + RestAssured.port + "/webhooks/trackers/sentry/" + project);

            // Sentry to Jira: resolved in Sentry, Done in Jira; Jira's webhook of it is jira-sync's own echo.
            String first = ticket(sentry, project, "9001");
            sentry.resolve("9001");
            settle();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                settle();
                return "Done".equals(fingerprint(project, "9001").getString("jira.status"));
            });
            assertEquals("Done", jiraAs("ana").get(api("cloud") + "/issue/" + first).then().extract()
                    .path("fields.status.name"));
            settle();
            assertEquals(0, tasks(project, "notify"), "Jira's echo of the Done tells Sentry nothing");
            assertEquals(0, sentry.count("PUT", "/api/0/"), "Sentry received no update for its own resolve");

            // Jira to Sentry: Done with fix version 2.0 resolves the Sentry issue in release 2.0.
            String second = ticket(sentry, project, "9002");
            jiraAs("ana").body("{\"fields\": {\"fixVersions\": [{\"name\": \"2.0\"}]}}")
                    .put(api("cloud") + "/issue/" + second).then().statusCode(204);
            moveTo("ana", "cloud", second, "Done");
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                settle();
                return "resolved".equals(sentry.status("9002"));
            });
            assertEquals("2.0", sentry.inRelease("9002"));
            FakeTrackerRequests put = FakeTrackerRequests.of(sentry, "PUT");
            assertEquals(1, put.count(), "one update for one change: " + put);
            assertTrue(put.last().contains("\"status\":\"resolved\"") && put.last().contains("\"inRelease\":\"2.0\""),
                    put.last());

            // Sentry's webhook of that change comes back and is recognised as jira-sync's own.
            await().atMost(Duration.ofSeconds(10)).until(() -> sentry.sent().stream()
                    .anyMatch(s -> s.answer().contains("echo of jira-sync's own change")));
            long jiraBefore = jiraRequests();
            long transitionsBefore = tasks(project, "transition");
            settle();
            assertEquals(transitionsBefore, tasks(project, "transition"), "the echo moves no ticket");
            assertEquals(1, sentry.count("PUT", "/api/0/"), "and updates Sentry no further");
            long jiraAfter = jiraRequests();
            System.out.printf("Sentry round trip: fake Sentry received %d requests (%d PUT), sent %d webhooks %s;"
                    + " sandbox Jira received %d requests, %d after the echo%n", sentry.received().size(),
                    sentry.count("PUT", "/api/0/"), sentry.sent().size(),
                    sentry.sent().stream().map(s -> s.action() + "=" + s.status()).toList(), jiraAfter,
                    jiraAfter - jiraBefore);
            assertEquals(jiraBefore, jiraAfter, "nothing reaches Jira after the echo");
        }
    }

    /** The bodies of one method's requests a fake received. */
    record FakeTrackerRequests(List<String> bodies) {
        static FakeTrackerRequests of(FakeSentry fake, String method) {
            return new FakeTrackerRequests(fake.received().stream().filter(r -> r.method().equals(method))
                    .map(r -> r.body()).toList());
        }

        long count() {
            return bodies.size();
        }

        String last() {
            return bodies.get(bodies.size() - 1);
        }
    }
}
