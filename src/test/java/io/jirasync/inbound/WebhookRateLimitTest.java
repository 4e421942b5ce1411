package io.jirasync.inbound;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The receiver's flood guard and its bounded caches, with small limits over a long period (so that nothing refills
 * during a test) and client addresses taken from {@code X-Forwarded-For}, as behind a proxy, so that each test is a
 * client of its own.
 */
@QuarkusTest
@TestProfile(WebhookRateLimitTest.SmallLimits.class)
class WebhookRateLimitTest {

    /** 3 deliveries per integration and 5 requests per client an hour; caches of 50 entries. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jira-sync.webhook.rate-limit.per-integration", "3",
                    "jira-sync.webhook.rate-limit.per-client", "5",
                    "jira-sync.webhook.rate-limit.period", "1h",
                    "jira-sync.webhook.rate-limit.max-clients", "50",
                    "jira-sync.integration.webhook-check-cache-size", "50",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true");
        }
    }

    @Inject
    EntityManager em;

    private static Response post(String project, String client, int n) {
        String body = "{\"timestamp\": " + System.currentTimeMillis() + ", \"webhookEvent\": \"jira:issue_updated\","
                + " \"issue\": {\"id\": \"" + (90000 + n) + "\", \"key\": \"DEMO-" + n + "\"}, \"changelog\": {\"id\": \""
                + n + "\", \"items\": [{\"fieldId\": \"status\", \"toString\": \"Done\"}]}}";
        return given().contentType("application/json").header("X-Forwarded-For", client).body(body)
                .post("/webhooks/jira/" + project);
    }

    private static long retryAfter(Response refused) {
        String value = refused.header("Retry-After");
        assertTrue(value != null && value.matches("[1-9][0-9]*"), "Retry-After: " + value);
        return Long.parseLong(value);
    }

    @Test
    void anIntegrationTakesItsLimitThenGets429WithRetryAfterAndNothingIsStored() {
        WebhookReceiverTest.putIntegration("limited", "");
        for (int i = 1; i <= 3; i++) {
            post("limited", "10.1.0." + i, i).then().statusCode(202).body("outcome", equalTo("stored"));
        }
        Response refused = post("limited", "10.1.0.4", 4);
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("status", equalTo(429))
                .body("detail", containsString("Webhook deliveries to the integration of project limited are over the"
                        + " limit of 3 per 1 h"));
        long seconds = retryAfter(refused);
        // One delivery's allowance comes back after a third of the hour.
        assertTrue(seconds > 1000 && seconds <= 1200, seconds + " s");
        assertEquals(3, InboundFixture.inboxRows(em, "limited"));
        WebhookReceiverTest.putIntegration("limited-other", "");
        post("limited-other", "10.1.0.5", 5).then().statusCode(202);
    }

    @Test
    void aClientTakesItsLimitWhateverItAsksForThenGets429() {
        for (int i = 1; i <= 5; i++) {
            post("made-up-" + i, "10.2.0.1", i).then().statusCode(404);
        }
        Response refused = post("made-up-6", "10.2.0.1", 6);
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("detail", containsString("Webhook requests from 10.2.0.1 are over the limit of 5 per 1 h"));
        assertTrue(retryAfter(refused) > 0);
        post("made-up-6", "10.2.0.2", 6).then().statusCode(404);
    }

    @Test
    void madeUpProjectNamesAndClientAddressesNeverGrowTheCachesBeyondTheirBounds() {
        for (int i = 0; i < 300; i++) {
            post("nobody-" + i, "10.3." + (i / 250) + "." + (i % 250), i).then().statusCode(404);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String metrics = io.jirasync.Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(cacheSize(metrics, "integration-webhook-check") <= 50, "integration checks cached");
            assertTrue(cacheSize(metrics, "webhook-rate-limit-clients") <= 50, "client allowances kept");
        });
    }

    private static double cacheSize(String metrics, String cache) {
        Matcher size = Pattern.compile("(?m)^cache_size\\{cache=\"" + Pattern.quote(cache) + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertTrue(size.find(), "no cache_size of " + cache + " in /q/metrics");
        return Double.parseDouble(size.group(1));
    }
}
