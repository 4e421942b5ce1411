package io.jirasync.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class ConsoleSignInTest {

    static final String ADMIN = "test-admin-token-of-the-suite";

    @Inject
    DataSource dataSource;

    /** Signs in with the admin token and answers the session cookie's value. */
    static String signIn(String token) {
        return given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", token)
                .when().post("/console/sign-in").then().statusCode(303).extract().cookie(ConsoleGuard.COOKIE);
    }

    /** The CSRF token the console's pages carry for this session. */
    static String csrfOf(String session) {
        String page = given().cookie(ConsoleGuard.COOKIE, session).when().get("/console").then().statusCode(200)
                .extract().asString();
        int at = page.indexOf("name=\"_csrf\" value=\"") + "name=\"_csrf\" value=\"".length();
        return page.substring(at, page.indexOf('"', at));
    }

    @Test
    void anAdminTokenBecomesAnHttpOnlyStrictSessionCookieAndNeverShowsAgain() {
        Response answer = given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", ADMIN)
                .when().post("/console/sign-in");
        answer.then().statusCode(303).header("Location", equalTo(answer.header("Location")));
        assertTrue(answer.header("Location").endsWith("/console"), answer.header("Location"));
        String setCookie = answer.header("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/console"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain HTTP: " + setCookie);
        assertFalse(setCookie.contains(ADMIN), setCookie);
        assertFalse(answer.header("Location").contains(ADMIN));

        String session = answer.cookie(ConsoleGuard.COOKIE);
        given().cookie(ConsoleGuard.COOKIE, session).when().get("/console").then().statusCode(200)
                .body(containsString("Sign out"), containsString("Integrations"), not(containsString(ADMIN)),
                        containsString("hx-headers='{\"X-CSRF-Token\": \""));
    }

    @Test
    void theCookieIsSecureBehindTls() {
        String setCookie = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .contentType(ContentType.URLENC).formParam("token", ADMIN).when().post("/console/sign-in")
                .then().statusCode(303).extract().header("Set-Cookie");
        assertTrue(setCookie.contains("Secure"), setCookie);
    }

    @Test
    void aWrongTokenShowsTheSignInPageAgainWithAMessage() {
        given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", "not-a-token-of-this-worker")
                .when().post("/console/sign-in").then().statusCode(401).header("Set-Cookie", nullValue())
                .body(containsString("id=\"sign-in-form\""),
                        containsString("That token is not one of this worker&#39;s tokens"),
                        not(containsString("not-a-token-of-this-worker")));
        given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", "test-tracker-token-of-the-suite")
                .when().post("/console/sign-in").then().statusCode(401)
                .body(containsString("the console needs an admin token"));
    }

    @Test
    void aPageWithoutASessionGoesToSignInAndBackAfterwards() {
        String location = given().redirects().follow(false).when().get("/console?page=2").then().statusCode(303)
                .extract().header("Location");
        assertTrue(location.endsWith("/console/sign-in?next=%2Fconsole%3Fpage%3D2"), location);
        given().urlEncodingEnabled(false).when().get(location.substring(location.indexOf("/console"))).then().statusCode(200)
                .body(containsString("name=\"next\" value=\"/console?page=2\""));
        String back = given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", ADMIN)
                .formParam("next", "/console?page=2").when().post("/console/sign-in").then().statusCode(303)
                .extract().header("Location");
        assertTrue(back.endsWith("/console?page=2"), back);
        String elsewhere = given().redirects().follow(false).contentType(ContentType.URLENC).formParam("token", ADMIN)
                .formParam("next", "//evil.example.com/console").when().post("/console/sign-in").then()
                .statusCode(303).extract().header("Location");
        assertFalse(elsewhere.contains("evil"), elsewhere);
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws SQLException {
        String session = signIn(ADMIN);
        long before = sessions();
        given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session).contentType(ContentType.URLENC)
                .formParam("x", "1").when().post("/console/sign-out").then().statusCode(403)
                .body(containsString("nothing was changed"));
        given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session).header(ConsoleGuard.CSRF_HEADER, "forged")
                .when().post("/console/sign-out").then().statusCode(403);
        assertEquals(before, sessions());
        given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session).when().get("/console").then()
                .statusCode(200);
    }

    @Test
    void signingOutEndsTheSession() throws SQLException {
        String session = signIn(ADMIN);
        String csrf = csrfOf(session);
        long before = sessions();
        String setCookie = given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session)
                .contentType(ContentType.URLENC).formParam("_csrf", csrf).when().post("/console/sign-out").then()
                .statusCode(303).header("Location", containsString("/console/sign-in")).extract().header("Set-Cookie");
        assertTrue(setCookie.contains("Max-Age=0"), setCookie);
        assertEquals(before - 1, sessions());
        given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session).when().get("/console").then()
                .statusCode(303).header("Location", containsString("/console/sign-in"));
    }

    @Test
    void anExpiredSessionSignsInAgainKeepingWhatWasTypedButNoSecret() throws SQLException {
        String session = signIn(ADMIN);
        String csrf = csrfOf(session);
        execute("update console_session set expires_at = now() - interval '1 second'");
        given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session).when().get("/console").then()
                .statusCode(303);
        given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session)
                .header("Referer", "http://localhost/console?page=3")
                .contentType(ContentType.URLENC).formParam("_csrf", csrf).formParam("summary", "[$environment] $title")
                .formParam("token", "jira-api-token-typed").when().post("/console/sign-out").then().statusCode(401)
                .body(containsString("Your session has expired"),
                        containsString("name=\"kept.summary\" value=\"[$environment] $title\""),
                        containsString("name=\"next\" value=\"/console?page=3\""),
                        not(containsString("jira-api-token-typed")), not(containsString(csrf)));
        given().redirects().follow(false).cookie(ConsoleGuard.COOKIE, session).header("HX-Request", "true")
                .when().get("/console").then().statusCode(401).header("HX-Redirect", equalTo("/console/sign-in"));
    }

    @Test
    void aProjectScopedAdminTokenSignsInToItsProjectsOnly() {
        String session = signIn("test-scoped-admin-token-of-the-suite");
        given().cookie(ConsoleGuard.COOKIE, session).when().get("/console").then().statusCode(200)
                .body(containsString("admin · scoped-shop"));
    }

    private long sessions() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from console_session where expires_at > now()")) {
            r.next();
            return r.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
