package io.jirasync.jira.auth;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.jirasync.outbound.OutboundFixture;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The sandbox's Atlassian side ({@code _control/atlassian}) and integrations of each auth type, over HTTP only. */
final class AtlassianFixture {

    static final String ADMIN = OutboundFixture.ADMIN;
    static final String SERVICE_CLIENT = "sandbox-service-client";
    static final String SERVICE_SECRET = "sandbox-service-secret";
    static final String APP_CLIENT = "sandbox-3lo-client";
    static final String APP_SECRET = "sandbox-3lo-secret";
    static final String SCOPED_TOKEN = "sandbox-scoped-token";
    static final String REDIRECT = "https://jira-sync.example.com/oauth/callback";

    private AtlassianFixture() {
    }

    /** The sandbox's site URL; {@code host} varies it (localhost, 127.0.0.1, LOCALHOST) for a site of its own. */
    static String site(String host) {
        // The worker setting names the standalone sandbox (StandaloneSandbox), whatever port it got.
        String api = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("jira-sync.jira.atlassian-api-url", String.class);
        return api.replace("//localhost:", "//" + host + ":");
    }

    static String site() {
        return site("localhost");
    }

    static JsonPath atlassian() {
        return given().get(site() + "/_control/atlassian").then().statusCode(200).extract().jsonPath();
    }

    static void atlassian(Map<String, Object> change) {
        given().contentType(ContentType.JSON).body(change).patch(site() + "/_control/atlassian").then()
                .statusCode(200);
    }

    static void reset() {
        given().post(site() + "/_control/reset").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("flavour", "cloud")).patch(site() + "/_control").then()
                .statusCode(200);
        given().post(site() + "/_control/atlassian/reset").then().statusCode(200);
        given().delete(site() + "/_control/counters").then().statusCode(204);
    }

    /** A fresh single-use authorization code, as Atlassian sends it to the app's redirect URI. */
    static String code() {
        return given().post(site() + "/_control/atlassian/codes").then().statusCode(200).extract().path("code");
    }

    /** The {@code auth} JSON of a type, with working sandbox credentials. */
    static String auth(String type) {
        return auth(type, "");
    }

    /** The same with a client id of its own ({@code suffix} appended): a site account of its own for the OAuth types. */
    static String auth(String type, String suffix) {
        return switch (type) {
            case "basic" -> "{\"type\": \"basic\", \"user\": \"jira-sync@example.com\", \"token\": \"sandbox-api-token\"}";
            case "bearer" -> "{\"type\": \"bearer\", \"token\": \"sandbox-pat\"}";
            case "scoped" -> "{\"type\": \"scoped\", \"user\": \"jira-sync@example.com\", \"token\": \"" + SCOPED_TOKEN
                    + "\"}";
            case "oauth-client-credentials" -> "{\"type\": \"oauth-client-credentials\", \"clientId\": \""
                    + SERVICE_CLIENT + suffix + "\", \"clientSecret\": \"" + SERVICE_SECRET + "\"}";
            case "oauth-3lo" -> "{\"type\": \"oauth-3lo\", \"clientId\": \"" + APP_CLIENT + suffix + "\", \"clientSecret\": \""
                    + APP_SECRET + "\", \"code\": \"" + code() + "\", \"redirectUri\": \"" + REDIRECT + "\"}";
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** PUTs an integration on the sandbox's DEMO project; deployment and apiVersion left out. */
    static void integration(String project, String url, String auth) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("""
                {"jira": {"url": "%s", "auth": %s}, "projectKey": "DEMO",
                 "customFields": [{"field": "Team", "value": "backend"}]}""".formatted(url, auth))
                .put("/api/v1/integrations/" + project).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /**
     * The same with the jira part's extra keys (deployment, apiVersion) given as JSON, such as
     * {@code "deployment": "server", }.
     */
    static void integration(String project, String url, String extra, String auth) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("""
                {"jira": {"url": "%s", %s "auth": %s}, "projectKey": "DEMO",
                 "customFields": [{"field": "Team", "value": "backend"}]}""".formatted(url, extra, auth))
                .put("/api/v1/integrations/" + project).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** POST /api/v1/jira/probe with this body. */
    static io.restassured.response.ValidatableResponse probe(String body) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body).post("/api/v1/jira/probe").then();
    }

    /** POST .../test: the findings as a list of "severity field: message". */
    static List<String> test(String project) {
        List<Map<String, String>> findings = given().auth().oauth2(ADMIN)
                .post("/api/v1/integrations/" + project + "/test").then().statusCode(200).extract().path("findings");
        return findings.stream().map(f -> f.get("severity") + " " + f.get("field") + ": " + f.get("message")).toList();
    }

    /** The sandbox journal's entries since the last reset: method, path, user, status. */
    static List<Map<String, Object>> journal() {
        return given().get(site() + "/_control/journal").then().statusCode(200).extract().path("entries");
    }

    /** One event of a fingerprint, then its ticket asked for at once; the answer of POST .../ticket. */
    static io.restassured.response.ValidatableResponse ticket(String project, String fingerprint, Runnable fold) {
        OutboundFixture.ingest(project, List.of(fingerprint), 1, Map.of());
        fold.run();
        return given().auth().oauth2(ADMIN).post("/api/v1/projects/" + project + "/fingerprints/" + fingerprint
                + "/ticket").then();
    }

    /** Every sync-log message of the project. */
    static List<String> syncLog(String project) {
        return given().auth().oauth2(ADMIN).get("/api/v1/integrations/" + project + "/sync-log").then()
                .statusCode(200).extract().path("entries.message");
    }
}
