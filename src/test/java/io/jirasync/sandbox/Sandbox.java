package io.jirasync.sandbox;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Test helpers: a Jira client's view of the sandbox (basic auth as the bot) and its control endpoint. */
final class Sandbox {

    static final String BOT_EMAIL = "jira-sync@example.com";
    static final String API_TOKEN = "sandbox-api-token";
    static final String BOT_ACCOUNT_ID = "5b10ac8d82e05b22cc7d4ef5";
    static final String API3 = "/sandbox/jira/rest/api/3";
    static final String API2 = "/sandbox/jira/rest/api/2";
    static final String CONTROL = "/sandbox/jira/_control";

    private Sandbox() {
    }

    static RequestSpecification jira() {
        return as(BOT_EMAIL);
    }

    static RequestSpecification as(String login) {
        return given().auth().preemptive().basic(login, API_TOKEN).contentType(ContentType.JSON);
    }

    static void reset() {
        given().post(CONTROL + "/reset").then().statusCode(200);
    }

    static void control(String settings) {
        given().contentType(ContentType.JSON).body(settings).patch(CONTROL).then().statusCode(200);
    }

    /** A valid Bug for DEMO on v3 (ADF description), with {@code extra} fields appended to {@code fields}. */
    static String bugV3(String summary, String extra) {
        return """
                {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "%s",
                 "description": {"type": "doc", "version": 1, "content": [{"type": "paragraph",
                   "content": [{"type": "text", "text": "Seen 42 times on web-2"}]}]},
                 "labels": ["jira-sync"], "customfield_10010": {"value": "Backend"}%s}}
                """.formatted(summary, extra.isEmpty() ? "" : ", " + extra);
    }

    /** Creates a Bug through v3 and returns its key. */
    static String createBug(String summary) {
        return jira().body(bugV3(summary, "")).post(API3 + "/issue").then().statusCode(201).extract().path("key");
    }
}
