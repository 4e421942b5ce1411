package io.jirasync.console.connect;

import static io.jirasync.outbound.OutboundFixture.ADMIN;
import static io.jirasync.outbound.OutboundFixture.integration;
import static io.jirasync.outbound.OutboundFixture.resetSandbox;
import static io.jirasync.outbound.OutboundFixture.sandbox;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jirasync.console.ConsoleGuard;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The Connect page without a browser: what a refused or a forged request does, and what a page never shows. */
@QuarkusTest
class ConnectPageTest {

    private static String signIn() {
        return given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", ADMIN)
                .post("/console/sign-in").then().statusCode(303).extract().cookie(ConsoleGuard.COOKIE);
    }

    private static String csrfOf(String session) {
        String page = console(session).get("/console/connect").then().statusCode(200).extract().asString();
        int at = page.indexOf("name=\"_csrf\" value=\"") + "name=\"_csrf\" value=\"".length();
        return page.substring(at, page.indexOf('"', at));
    }

    private static RequestSpecification console(String session) {
        return given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session);
    }

    private static Map<String, String> connection(String project) {
        return Map.of("project", project, "jira.url", sandbox(), "jira.auth.type", "basic", "jira.auth.user",
                "jira-sync@example.com", "jira.auth.token", "sandbox-api-token", "projectKey", "DEMO",
                "customFields[0].field", "Team", "customFields[0].value", "Platform");
    }

    @Test
    void aSaveWithoutTheCsrfTokenIsRefusedAndStoresNothing() {
        String session = signIn();
        console(session).contentType(ContentType.URLENC).formParams(connection("wiz-csrf"))
                .post("/console/connect/save").then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/wiz-csrf").then().statusCode(404);
        console(session).contentType(ContentType.URLENC).formParams(connection("wiz-csrf"))
                .formParam("_csrf", csrfOf(session)).post("/console/connect/save").then().statusCode(303);
        given().auth().oauth2(ADMIN).get("/api/v1/integrations/wiz-csrf").then().statusCode(200);
    }

    @Test
    void theEditPageShowsSecretsAsSetNeverTheirValueAndABlankOneKeepsIt() {
        resetSandbox("cloud");
        integration("wiz-secret", ", \"webhookSecret\": \"hook-secret-of-the-wizard\"");
        String session = signIn();
        console(session).get("/console/integrations/wiz-secret/edit").then().statusCode(200)
                .body(allOf(containsString("id=\"state-jira.auth.token\">set<"), not(containsString("sandbox-api-token")),
                        not(containsString("hook-secret-of-the-wizard")), not(containsString("********"))));
        // Probing with the token left blank uses the stored one.
        console(session).contentType(ContentType.URLENC).header("X-CSRF-Token", csrfOf(session))
                .formParams(Map.of("project", "wiz-secret", "editing", "true", "jira.url", sandbox(),
                        "jira.auth.type", "basic", "jira.auth.user", "jira-sync@example.com"))
                .post("/console/connect/probe").then().statusCode(200).body(containsString("id=\"probe-ok\""));
    }

    @Test
    void aSaveAfterTheSessionExpiredKeepsWhatWasTypedButNoSecretForTheConnectPage() throws SQLException {
        String session = signIn();
        String csrf = csrfOf(session);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("update console_session set expires_at = now() - interval '1 second'");
        }
        String signInPage = console(session).header("Referer", "http://localhost/console/connect")
                .contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("project", "wiz-expired")
                .formParam("jira.url", "https://acme.atlassian.net").formParam("jira.auth.user", "bot@acme.com")
                .formParam("jira.auth.token", "typed-api-token-1").formParam("webhookSecret", "typed-hook-secret-1")
                .formParam("summary", "[$environment] $title").post("/console/connect/save").then().statusCode(401)
                .body(containsString("Your session has expired"), not(containsString("typed-api-token-1")),
                        not(containsString("typed-hook-secret-1")))
                .extract().asString();
        var signInForm = given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", ADMIN)
                .formParam("next", "/console/connect");
        for (String field : new String[] { "project", "jira.url", "jira.auth.user", "summary" }) {
            String marker = "name=\"kept." + field + "\" value=\"";
            int at = signInPage.indexOf(marker);
            org.junit.jupiter.api.Assertions.assertTrue(at > 0, field + " was not kept");
            at += marker.length();
            signInForm.formParam("kept." + field, signInPage.substring(at, signInPage.indexOf('"', at))
                    .replace("&#36;", "$"));
        }
        var signedIn = signInForm.post("/console/sign-in").then().statusCode(303).extract();
        console(signedIn.cookie(ConsoleGuard.COOKIE)).get(signedIn.header("Location")).then().statusCode(200)
                .body(containsString("value=\"wiz-expired\""), containsString("value=\"https://acme.atlassian.net\""),
                        containsString("value=\"bot@acme.com\""), not(containsString("typed-api-token-1")));
    }

    @jakarta.inject.Inject
    javax.sql.DataSource dataSource;
}
