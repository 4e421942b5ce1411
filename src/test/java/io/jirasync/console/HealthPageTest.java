package io.jirasync.console;

import static io.jirasync.console.ConsoleSignInTest.signIn;
import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.control;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.integrationAt;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jirasync.inbound.WebhookReceiverTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
class HealthPageTest {

    @Inject
    ConsoleScenario scenario;

    @Test
    void showsBudgetsQuotaPausesBacklogsWebhooksAndTheTrend() throws IOException {
        resetSandbox("cloud");
        String project = "health-" + System.nanoTime();
        // The sandbox by another address: a site (budget, pauses, create metadata) no other test shares, so the
        // pause made here slows no other test's site. One ticket is created...
        integrationAt(ownSite(), project, "jira-sync@example.com", IntegrationsPageTest.AUTO_WITH_TEAM);
        scenario.queued(project, List.of("h-created"), 2);
        scenario.dispatchOnce();
        // ...then every second request gets a 429, which pauses the site.
        control(Map.of("failureShare", 0.5, "failureStatus", 429, "retryAfterSeconds", 1));
        scenario.queued(project, IntStream.range(0, 4).mapToObj(i -> "h-" + i).toList(), 2);
        scenario.dispatchOnce();
        control(Map.of("failureShare", 0));
        // One more eligible fingerprint, queued and not sent: the outbox's backlog.
        scenario.queued(project, List.of("h-waiting"), 2);
        given().contentType("application/json").body(WebhookReceiverTest.delivery("webhook-issue-updated-resolved.json"))
                .header("X-Atlassian-Webhook-Identifier", project).when().post("/webhooks/jira/" + project).then()
                .statusCode(202);

        String page = given().cookie(ConsoleGuard.COOKIE, signIn(ADMIN)).when().get("/console/health").then()
                .statusCode(200).extract().asString();
        String site = row(page, "<td>" + ownSite() + "</td>");
        assertThat(site, containsString("<td>jira-sync@example.com</td>"));
        assertThat(site, matchesPattern("(?s).*<td>[1-9][0-9]* of 600</td>.*"));
        assertThat(site, matchesPattern("(?s).*<td class=\"answered-429\">[1-9][0-9]*</td>.*"));
        assertThat(site, matchesPattern("(?s).*<td class=\"pauses\">burst [1-9].*"));
        assertThat(page,
                matchesPattern("(?s).*id=\"outbox\">.*<strong class=\"backlog\">[1-9][0-9]*</strong> tasks waiting.*"));
        assertThat(page,
                matchesPattern("(?s).*id=\"inbox\">.*<strong class=\"backlog\">[1-9][0-9]*</strong> deliveries waiting.*"));
        assertThat(row(page, "<tr data-project=\"" + project + "\">"), not(containsString("never")));
        assertThat(page, matchesPattern("(?s).*<polyline class=\"series-created\"[^>]*points=\"[0-9., ]+\">.*"));
        assertThat(page, matchesPattern("(?s).*tickets created: [1-9][0-9]*.*"));
        assertThat(page, not(containsString("sandbox-api-token")));
    }

    @Test
    void aScopedSessionSeesItsIntegrationsButNoSites() {
        integration("scoped-shop", "");
        String page = given().cookie(ConsoleGuard.COOKIE, signIn("test-scoped-admin-token-of-the-suite")).when()
                .get("/console/health").then().statusCode(200).extract().asString();
        assertThat(page, containsString("<tr data-project=\"scoped-shop\">"));
        assertThat(page, containsString("Jira sites are shown to sessions of an admin token that is not limited"));
        assertThat(page, not(containsString("<table id=\"sites\">")));
        List.of("health-").forEach(p -> assertThat(page, not(containsString("data-project=\"" + p))));
    }

    /** The sandbox by 127.0.0.1 where the other tests reach it by localhost. */
    private static String ownSite() {
        return "http://127.0.0.1:" + RestAssured.port + "/sandbox/jira";
    }

    /** The table row of the page that contains {@code marker}. */
    static String row(String page, String marker) {
        int at = page.indexOf(marker);
        if (at < 0) {
            throw new AssertionError("no row with " + marker + " in\n" + page);
        }
        return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
    }
}
