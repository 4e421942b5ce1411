package io.jirasync.sandbox;

import static io.jirasync.sandbox.Sandbox.API3;
import static io.jirasync.sandbox.Sandbox.CONTROL;
import static io.jirasync.sandbox.Sandbox.createBug;
import static io.jirasync.sandbox.Sandbox.jira;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class SandboxLimitsTest {

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    @Test
    void aBurstOverTheBudgetGets429WithRetryAfterAndTheCountersMatch() {
        Sandbox.control("{\"requestsPerSecond\": 5}");
        Map<Integer, Integer> statuses = new HashMap<>();
        long firstSecond = Instant.now().getEpochSecond();
        for (int i = 0; i < 20; i++) {
            Response response = jira().get(API3 + "/myself");
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 429) {
                assertTrue(Integer.parseInt(response.header("Retry-After")) >= 1);
                assertEquals("5", response.header("X-RateLimit-Limit"));
                assertEquals("0", response.header("X-RateLimit-Remaining"));
                assertEquals("jira-burst-based", response.header("RateLimit-Reason"));
                assertTrue(response.header("X-RateLimit-Reset") != null);
                assertEquals("Rate limit exceeded.", response.jsonPath().getString("errorMessages[0]"));
            }
        }
        long seconds = Instant.now().getEpochSecond() - firstSecond + 1;
        int ok = statuses.getOrDefault(200, 0);
        int limited = statuses.getOrDefault(429, 0);
        assertEquals(20, ok + limited, "only 200s and 429s: " + statuses);
        assertTrue(ok <= 5 * seconds, ok + " requests passed in " + seconds + " second window(s)");
        assertTrue(limited >= 20 - 5 * seconds, statuses.toString());

        given().get(CONTROL + "/counters").then().statusCode(200)
                .body("requests.'GET /rest/api/3/myself'", org.hamcrest.Matchers.equalTo(20))
                .body("total", org.hamcrest.Matchers.equalTo(20))
                .body("statuses.'200'", org.hamcrest.Matchers.equalTo(ok))
                .body("statuses.'429'", org.hamcrest.Matchers.equalTo(limited));
    }

    @Test
    void eachCredentialHasItsOwnBudget() {
        Sandbox.control("{\"requestsPerSecond\": 2}");
        for (int i = 0; i < 6; i++) {
            jira().get(API3 + "/myself");
        }
        // A fresh credential is not charged for the bot's burst (unless the second just turned, which helps too).
        Sandbox.as("ana@example.com").get(API3 + "/myself").then().statusCode(200);
    }

    @Test
    void writesToOneIssueOverItsLimitGetThePerIssueReason() {
        String key = createBug("NPE");
        String other = createBug("other");
        Sandbox.control("{\"writesPerIssuePerSecond\": 2}");
        int limited = 0;
        for (int i = 0; i < 10; i++) {
            Response response = jira().body("{\"fields\": {\"summary\": \"edit " + i + "\"}}").put(API3 + "/issue/" + key);
            if (response.statusCode() == 429) {
                limited++;
                assertEquals("jira-per-issue-on-write", response.header("RateLimit-Reason"));
                assertTrue(response.header("Retry-After") != null);
            } else {
                assertEquals(204, response.statusCode());
            }
        }
        assertTrue(limited > 0, "10 quick writes to one issue with a limit of 2/s");
        jira().body("{\"fields\": {\"summary\": \"fine\"}}").put(API3 + "/issue/" + other).then().statusCode(204);
        jira().get(API3 + "/issue/" + key).then().statusCode(200);
    }

    @Test
    void twoWritesOnEitherSideOfASecondsTurnAreStillTwoInOneSecond() throws InterruptedException {
        String key = createBug("NPE");
        Sandbox.control("{\"writesPerIssuePerSecond\": 1}");
        // The first write just before a second turns, the second one just after: 1 per second, rolling, refuses it.
        Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 850);
        jira().body("{\"fields\": {\"summary\": \"before\"}}").put(API3 + "/issue/" + key).then().statusCode(204);
        Thread.sleep(Math.max(0, 1000 - System.currentTimeMillis() % 1000 + 50));
        Response after = jira().body("{\"fields\": {\"summary\": \"after\"}}").put(API3 + "/issue/" + key);
        assertEquals(429, after.statusCode());
        assertEquals("jira-per-issue-on-write", after.header("RateLimit-Reason"));
        assertEquals("1", after.header("Retry-After"));
    }

    @Test
    void aShareOfRequestsFailsWithTheChosenStatus() {
        Sandbox.control("{\"failureShare\": 0.5, \"failureStatus\": 502}");
        Map<Integer, Integer> statuses = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            statuses.merge(jira().get(API3 + "/myself").statusCode(), 1, Integer::sum);
        }
        assertEquals(Map.of(200, 5, 502, 5), statuses);
    }

    @Test
    void aFailurePeriodFailsEverythingUntilItEnds() {
        Sandbox.control("{\"failForSeconds\": 60}");
        jira().get(API3 + "/myself").then().statusCode(503).body("errorMessages[0]", org.hamcrest.Matchers.notNullValue());
        Sandbox.control("{\"failForSeconds\": 0}");
        jira().get(API3 + "/myself").then().statusCode(200);
    }

    @Test
    void addedLatencyDelaysAnswers() {
        Sandbox.control("{\"latencyMillis\": 400}");
        long start = System.nanoTime();
        jira().get(API3 + "/myself").then().statusCode(200);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 400, "answered after " + millis + " ms");
    }

    @Test
    void controlRefusesBadSettingsAsProblems() {
        given().contentType(ContentType.JSON).body("{\"flavour\": \"datacenter\", \"failureShare\": 2}")
                .patch(CONTROL).then().statusCode(400)
                .contentType("application/problem+json");
        given().get(CONTROL).then().statusCode(200)
                .body("flavour", org.hamcrest.Matchers.equalTo("cloud"))
                .body("webhooksPaused", org.hamcrest.Matchers.equalTo(false));
    }
}
