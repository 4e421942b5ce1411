package io.jirasync.console;

import static io.jirasync.console.ConsoleSignInTest.csrfOf;
import static io.jirasync.console.ConsoleSignInTest.signIn;
import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class FingerprintsPageTest {

    @Inject
    ConsoleScenario scenario;

    String project;
    String session;

    @BeforeEach
    void twoFingerprintsWithoutTickets() {
        resetSandbox("cloud");
        project = "fps-" + System.nanoTime();
        integration(project, ", \"customFields\": [{\"field\": \"Team\", \"value\": \"backend\"}]");
        scenario.events(project, List.of("npe-cart"), 3);
        scenario.events(project, List.of("oom-search"), 1);
        session = signIn(ADMIN);
    }

    private RequestSpecification console() {
        return given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session);
    }

    private RequestSpecification form(String fingerprint) {
        return console().contentType(ContentType.URLENC).formParam("_csrf", csrfOf(session))
                .formParam("project", project).formParam("fingerprint", fingerprint).formParam("linked", "");
    }

    private String page() {
        return console().get("/console/fingerprints?project=" + project).then().statusCode(200).extract().asString();
    }

    @Test
    void eachRowShowsStateCountsAndTicket() {
        console().get("/console/fingerprints?project=" + project).then().statusCode(200)
                .body(containsString("<tr data-fingerprint=\"npe-cart\">"), containsString("<td class=\"count\">3</td>"),
                        containsString("<td class=\"state\">open</td>"), containsString("Create ticket"));
        console().get("/console/fingerprints?project=" + project + "&q=oom-search").then().statusCode(200)
                .body(containsString("oom-search"), not(containsString("npe-cart\">")));
        console().get("/console/fingerprints?project=" + project + "&linked=true").then().statusCode(200)
                .body(containsString("No fingerprint matches."));
    }

    @Test
    void createUnlinkAndLinkFromThePage() {
        String location = form("npe-cart").post("/console/fingerprints/create").then().statusCode(303).extract()
                .header("Location");
        console().urlEncodingEnabled(false).get(location.substring(location.indexOf("/console"))).then()
                .statusCode(200).body(containsString("Created the ticket of npe-cart."));
        String key = given().auth().oauth2(ADMIN).get("/api/v1/projects/" + project + "/fingerprints/npe-cart").then()
                .extract().path("jira.key");
        org.hamcrest.MatcherAssert.assertThat(page(), matchesPattern(
                "(?s).*<td class=\"ticket\"><a href=\"[^\"]*/browse/" + key + "\"[^>]*>" + key + "</a>.*"));

        form("npe-cart").post("/console/fingerprints/unlink").then().statusCode(303);
        given().auth().oauth2(ADMIN).get("/api/v1/projects/" + project + "/fingerprints/npe-cart").then()
                .body("jira", nullValue());

        form("npe-cart").formParam("key", key).post("/console/fingerprints/link").then().statusCode(303);
        // Linking reads the issue from Jira, so the page has its status too.
        org.hamcrest.MatcherAssert.assertThat(page(), containsString(">" + key + "</a> <span class=\"muted\">To Do</span>"));
    }

    @Test
    void aRefusedLinkShowsWhyAndChangesNothing() {
        form("oom-search").formParam("key", "not a key").post("/console/fingerprints/link").then().statusCode(400)
                .body(containsString("key: must be an issue key such as OPS-17"));
        form("oom-search").formParam("key", "OTHER-4").post("/console/fingerprints/link").then().statusCode(422)
                .body(containsString("links only issues of DEMO"));
        given().auth().oauth2(ADMIN).get("/api/v1/projects/" + project + "/fingerprints/oom-search").then()
                .body("jira", nullValue());
    }

    @Test
    void aCreateWithoutTheCsrfTokenIsRefusedAndCreatesNothing() {
        console().contentType(ContentType.URLENC).formParam("project", project).formParam("fingerprint", "npe-cart")
                .post("/console/fingerprints/create").then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/api/v1/projects/" + project + "/fingerprints/npe-cart").then()
                .body("jira", nullValue());
    }
}
