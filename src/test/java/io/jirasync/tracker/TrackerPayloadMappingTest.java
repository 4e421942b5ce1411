package io.jirasync.tracker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.jirasync.fingerprint.FingerprintService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Every recorded payload of every tracker, delivered as that tracker sends it, and the fingerprint it becomes:
 * key, title, link, attributes, event count, state and assignee, as the fingerprint API shows them.
 */
@QuarkusTest
class TrackerPayloadMappingTest {

    private static final AtomicInteger PROJECTS = new AtomicInteger();

    @Inject
    FingerprintService fingerprints;

    /** A payload (after {@code before}, when a change needs a state to change from) and what it must become. */
    record Case(String kind, String file, List<String> before, String id, String title, String link,
            Map<String, String> attributes, long count, String state, String assignee) {

        @Override
        public String toString() {
            return kind + "/" + file;
        }
    }

    static final String SENTRY_TITLE = "TypeError: Cannot read properties of undefined (reading 'total')";
    static final String SENTRY_LINK = "https://sentry.example.com/organizations/acme/issues/1170820242/";
    static final Map<String, String> SENTRY_ISSUE = Map.of("level", "error", "culprit", "cart/checkout in computeTotal",
            "platform", "javascript", "project", "shop-web");
    static final String BUGSNAG_ID = "6748f0a1b2c3d4e5f6a7b8c0";
    static final String BUGSNAG_TITLE = "NoMethodError: undefined method `name' for nil:NilClass";
    static final String BUGSNAG_LINK = "https://app.bugsnag.com/acme/shop-rails/errors/6748f0a1b2c3d4e5f6a7b8c0"
            + "?event_id=6748f0a1b2c3d4e5f6a7b8c9";
    static final Map<String, String> BUGSNAG = Map.of("level", "error", "environment", "production", "version", "4.2.0",
            "context", "orders#show", "project", "shop-rails");
    static final String ROLLBAR_LINK = "https://rollbar.com/acme/billing/items/18/";
    static final Map<String, String> ROLLBAR = Map.of("level", "error", "environment", "production", "version",
            "b4e1f37", "context", "billing.invoices:create", "platform", "python", "project", "90210");

    static Stream<Case> cases() {
        return Stream.of(
                new Case("sentry", "issue-created.json", List.of(), "1170820242", SENTRY_TITLE, SENTRY_LINK,
                        SENTRY_ISSUE, 1, "open", null),
                new Case("sentry", "issue-resolved.json", List.of(), "1170820242", SENTRY_TITLE, SENTRY_LINK,
                        SENTRY_ISSUE, 42, "resolved", null),
                new Case("sentry", "issue-unresolved.json", List.of("issue-resolved.json"), "1170820242", SENTRY_TITLE,
                        SENTRY_LINK, SENTRY_ISSUE, 42, "open", null),
                new Case("sentry", "issue-ignored.json", List.of(), "1170820242", SENTRY_TITLE, SENTRY_LINK,
                        SENTRY_ISSUE, 42, "ignored", null),
                new Case("sentry", "issue-archived.json", List.of(), "1170820242", SENTRY_TITLE, SENTRY_LINK,
                        SENTRY_ISSUE, 42, "ignored", null),
                new Case("sentry", "issue-assigned.json", List.of(), "1170820242", SENTRY_TITLE, SENTRY_LINK,
                        SENTRY_ISSUE, 42, "open", "ana@acme.com"),
                new Case("sentry", "event_alert-triggered.json", List.of(), "1170820242", SENTRY_TITLE, SENTRY_LINK,
                        Map.of("level", "error", "environment", "production", "release", "shop-web@2.3.1", "culprit",
                                "cart/checkout in computeTotal", "platform", "javascript", "project", "4505391490"),
                        1, "open", null),
                new Case("sentry", "error-created.json", List.of(), "1170820242", SENTRY_TITLE, SENTRY_LINK,
                        Map.of("environment", "staging", "release", "shop-web@2.4.0-rc1"), 1, "open", null),
                new Case("glitchtip", "alert.json", List.of(), "3571", "ZeroDivisionError: division by zero",
                        "https://glitchtip.example.com/acme/issues/3571", Map.of("culprit", "orders.views.summary",
                                "project", "shop-api", "environment", "production", "release", "1.8.2"),
                        1, "open", null),
                new Case("bugsnag", "trigger-firstException.json", List.of(), BUGSNAG_ID, BUGSNAG_TITLE, BUGSNAG_LINK,
                        BUGSNAG, 1, "open", null),
                new Case("bugsnag", "trigger-exception.json", List.of(), BUGSNAG_ID, BUGSNAG_TITLE, BUGSNAG_LINK,
                        BUGSNAG, 1, "open", null),
                new Case("bugsnag", "trigger-errorStateManualChange.json", List.of(), BUGSNAG_ID, BUGSNAG_TITLE,
                        BUGSNAG_LINK, BUGSNAG, 0, "resolved", null),
                new Case("bugsnag", "trigger-reopened.json", List.of("trigger-errorStateManualChange.json"), BUGSNAG_ID,
                        BUGSNAG_TITLE, BUGSNAG_LINK, BUGSNAG, 0, "open", null),
                new Case("rollbar", "new_item.json", List.of(), "272505123", "KeyError: 'customer_id'", ROLLBAR_LINK,
                        ROLLBAR, 1, "open", null),
                new Case("rollbar", "occurrence.json", List.of(), "272505123", "KeyError: 'customer_id'", ROLLBAR_LINK,
                        Map.of("version", "c9d2a10", "platform", "python"), 57, "open", null),
                new Case("rollbar", "exp_repeat_item.json", List.of(), "272505123", "KeyError: 'customer_id'",
                        ROLLBAR_LINK, ROLLBAR, 100, "open", null),
                new Case("rollbar", "resolved_item.json", List.of(), "272505123", "KeyError: 'customer_id'",
                        ROLLBAR_LINK, ROLLBAR, 57, "resolved", null),
                new Case("rollbar", "reactivated_item.json", List.of("resolved_item.json"), "272505123",
                        "KeyError: 'customer_id'", ROLLBAR_LINK, ROLLBAR, 57, "open", null),
                new Case("rollbar", "reopened_item.json", List.of("resolved_item.json"), "272505123",
                        "KeyError: 'customer_id'", ROLLBAR_LINK, ROLLBAR, 57, "open", null),
                new Case("backtrace", "group.json", List.of(),
                        "8910551e27a339e542aa3f2a5f8c1e0d5b6a7c8d9e0f1a2b3c4d5e6f7a8b9c0d",
                        "segv, null-pointer in RenderQueue::flush \u2190 Renderer::frame \u2190 main (client.exe)",
                        "https://acme.sp.backtrace.io/p/game-client/triage?fingerprint="
                                + "8910551e27a339e542aa3f2a5f8c1e0d5b6a7c8d9e0f1a2b3c4d5e6f7a8b9c0d",
                        Map.of("environment", "production", "version", "1.1.0", "application", "client.exe", "project",
                                "game-client"),
                        35, "open", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachRecordedPayloadBecomesTheFingerprintItDescribes(Case c) {
        String project = "map-" + c.kind() + "-" + PROJECTS.incrementAndGet();
        TrackerWebhooks.integration(project, c.kind(), "https://" + c.kind() + ".example.com");
        for (String before : c.before()) {
            TrackerWebhooks.deliver(c.kind(), project, before, TrackerWebhooks.payload(c.kind(), before),
                    TrackerWebhooks.SECRET).statusCode(202).body("outcome", equalTo("stored"));
            fingerprints.foldStaged();
        }
        TrackerWebhooks.deliver(c.kind(), project, c.file(), TrackerWebhooks.payload(c.kind(), c.file()),
                TrackerWebhooks.SECRET).statusCode(202)
                .body("outcome", equalTo("stored"))
                .body("fingerprint", equalTo(c.id()));
        fingerprints.foldStaged();
        ValidatableResponse fp = given().auth().oauth2(TrackerWebhooks.TRACKER)
                .when().get("/api/v1/projects/" + project + "/fingerprints/" + c.id())
                .then().statusCode(200)
                .body("title", equalTo(c.title()))
                .body("link", equalTo(c.link()))
                .body("count", equalTo((int) c.count()))
                .body("state", equalTo(c.state()))
                .body("assignee", c.assignee() == null ? nullValue() : equalTo(c.assignee()));
        c.attributes().forEach((name, value) -> fp.body("attributes." + name + "[0].value", equalTo(value)));
    }
}
