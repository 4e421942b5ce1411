package io.jirasync.inbound;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jirasync.security.HmacSignature;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
public class WebhookReceiverTest {

    static final String SECRET = "webhook-secret-for-tests";
    static final String PROJECT = "hooks";

    @Inject
    EntityManager em;

    @BeforeEach
    void integrations() {
        putIntegration(PROJECT, ", \"webhookSecret\": \"" + SECRET + "\"");
        putIntegration("hooks-unsigned", "");
    }

    static void putIntegration(String project, String extra) {
        given().auth().oauth2("test-admin-token-of-the-suite").contentType("application/json")
                .body("""
                        {"jira": {"url": "https://acme.atlassian.net", "auth": {"type": "basic", "user": "bot@acme.com", "token": "t"}},
                         "projectKey": "OPS"%s}"""
                        .formatted(extra))
                .when().put("/api/v1/integrations/" + project).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    static List<String> deliveryNames() throws IOException {
        try (InputStream index = WebhookReceiverTest.class.getResourceAsStream("/jira-webhooks/")) {
            List<String> names = new ArrayList<>();
            for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.endsWith(".json")) {
                    names.add(line.trim());
                }
            }
            names.sort(null);
            return names;
        }
    }

    /** A recorded delivery, byte for byte as Jira sent it. */
    static byte[] recorded(String name) throws IOException {
        try (InputStream in = WebhookReceiverTest.class.getResourceAsStream("/jira-webhooks/" + name)) {
            return in.readAllBytes();
        }
    }

    /**
     * A recorded delivery as if Jira sent it within the last hour (the recordings are years older than the replay
     * window), in the recordings' order: its {@code timestamp} becomes an hour ago plus one second per older
     * recorded time, so equal times stay equal. Nothing else changes.
     */
    public static byte[] delivery(String name) throws IOException {
        String text = new String(recorded(name), StandardCharsets.UTF_8);
        Matcher timestamp = TIMESTAMP.matcher(text);
        if (!timestamp.find()) {
            return recorded(name);
        }
        long older = RecordedTimes.ALL.headSet(Long.parseLong(timestamp.group(1))).size();
        return timestamp.replaceFirst("\"timestamp\": " + (RecordedTimes.AN_HOUR_AGO + older * 1000))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*(\\d+)");

    /** Every recording's {@code timestamp}, read once. */
    private static final class RecordedTimes {
        static final long AN_HOUR_AGO = System.currentTimeMillis() - 3_600_000;
        static final TreeSet<Long> ALL = new TreeSet<>();

        static {
            try {
                for (String name : deliveryNames()) {
                    Matcher timestamp = TIMESTAMP.matcher(new String(recorded(name), StandardCharsets.UTF_8));
                    if (timestamp.find()) {
                        ALL.add(Long.parseLong(timestamp.group(1)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static RequestSpecification signed(byte[] body) {
        return given().contentType("application/json").header("X-Hub-Signature", HmacSignature.sign(body, SECRET))
                .body(body);
    }

    private long rows(String where) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from webhook_inbox where " + where).getSingleResult()).longValue());
    }

    @Test
    void everyRealDeliveryIsAcceptedAndCommentsAndUnrelatedFieldsAreIgnored() throws IOException {
        List<String> names = deliveryNames();
        assertEquals(43, names.size(), names.toString());
        for (String name : names) {
            String outcome = signed(delivery(name)).header("X-Atlassian-Webhook-Identifier", "real-" + name)
                    .when().post("/webhooks/jira/" + PROJECT)
                    .then().statusCode(202).extract().path("outcome");
            boolean expectIgnored = name.contains("comment") || name.contains("commented")
                    || name.matches(
                            ".*-(attachments|edited|issue-type|labels|lowered-priority|raised-priority|rank|renamed|custom-field|multiple-custom-fields)\\.json");
            assertEquals(expectIgnored ? "ignored" : "stored", outcome, name);
        }
        assertEquals(names.size(), rows("project = 'hooks' and dedupe_key like 'id:real-%' and signed"));
        assertEquals("ignored", QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select state from webhook_inbox where dedupe_key = 'id:real-webhook-cloud-comment-created.json'")
                .getSingleResult()));
    }

    @Test
    void redeliveryIsAcceptedAndStoredOnce() throws IOException {
        // A project of its own: the same body sent to "hooks" by another test would make the first send a duplicate.
        putIntegration("hooks-redelivered", ", \"webhookSecret\": \"" + SECRET + "\"");
        byte[] body = delivery("webhook-issue-updated-resolved.json");
        for (int i = 0; i < 3; i++) {
            signed(body).header("X-Atlassian-Webhook-Identifier", "redelivered-1").header("X-Atlassian-Webhook-Retry", i)
                    .when().post("/webhooks/jira/hooks-redelivered")
                    .then().statusCode(202).body("outcome", equalTo(i == 0 ? "stored" : "duplicate"));
        }
        assertEquals(1, rows("dedupe_key = 'id:redelivered-1'"));
    }

    @Test
    void theSameBodyUnderAnotherIdentifierIsADuplicateByItsDigest() throws IOException {
        putIntegration("hooks-digest", ", \"webhookSecret\": \"" + SECRET + "\"");
        byte[] body = delivery("webhook-issue-updated-assigned.json");
        signed(body).header("X-Atlassian-Webhook-Identifier", "digest-1").when().post("/webhooks/jira/hooks-digest")
                .then().statusCode(202).body("outcome", equalTo("stored"));
        signed(body).header("X-Atlassian-Webhook-Identifier", "digest-2-made-up").when()
                .post("/webhooks/jira/hooks-digest").then().statusCode(202).body("outcome", equalTo("duplicate"));
        signed(body).when().post("/webhooks/jira/hooks-digest").then().statusCode(202)
                .body("outcome", equalTo("duplicate"));
        byte[] other = delivery("webhook-issue-updated-assigned-nobody.json");
        signed(other).header("X-Atlassian-Webhook-Identifier", "digest-3").when().post("/webhooks/jira/hooks-digest")
                .then().statusCode(202).body("outcome", equalTo("stored"));
        assertEquals(2, rows("project = 'hooks-digest'"));
    }

    @Test
    void aDeliveryOlderThanTheReplayWindowIsIgnoredWithTheReason() throws IOException {
        putIntegration("hooks-replay", ", \"webhookSecret\": \"" + SECRET + "\"");
        long twoDaysAgo = System.currentTimeMillis() - java.time.Duration.ofDays(2).toMillis();
        byte[] old = new String(recorded("webhook-issue-updated-resolved.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"timestamp\": \\d+", "\"timestamp\": " + twoDaysAgo).getBytes(StandardCharsets.UTF_8);
        signed(old).header("X-Atlassian-Webhook-Identifier", "replayed-1").when().post("/webhooks/jira/hooks-replay")
                .then().statusCode(202).body("outcome", equalTo("ignored"))
                .body("reason", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("longer ago than the replay window of 1 d"),
                        org.hamcrest.Matchers.containsString("jira-sync.inbound.webhook-replay-window")));
        assertEquals(1, rows("project = 'hooks-replay' and state = 'ignored' and reason like '%replay window%'"));
        signed(delivery("webhook-issue-updated-resolved.json")).header("X-Atlassian-Webhook-Identifier", "fresh-1")
                .when().post("/webhooks/jira/hooks-replay").then().statusCode(202).body("outcome", equalTo("stored"));
    }

    @Test
    void withoutIdentifierTheIssueChangelogAndTimestampDeduplicate() throws IOException {
        byte[] body = delivery("webhook-issue-updated-started-working.json");
        putIntegration("hooks-nokey", "");
        given().contentType("application/json").body(body).when().post("/webhooks/jira/hooks-nokey").then().statusCode(202)
                .body("outcome", equalTo("stored"));
        given().contentType("application/json").body(body).when().post("/webhooks/jira/hooks-nokey").then().statusCode(202)
                .body("outcome", equalTo("duplicate"));
        assertEquals(1, rows("project = 'hooks-nokey'"));
    }

    @Test
    void missingWrongOrUnsupportedSignatureIsRefusedAndNothingIsStored() throws IOException {
        byte[] body = delivery("webhook-issue-updated-assigned.json");
        long before = rows("project = 'hooks'");
        given().contentType("application/json").body(body).when().post("/webhooks/jira/" + PROJECT)
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("Webhook refused: the X-Hub-Signature header is missing."));
        given().contentType("application/json").header("X-Hub-Signature", HmacSignature.sign(body, "other-secret"))
                .body(body).when().post("/webhooks/jira/" + PROJECT)
                .then().statusCode(401).body("detail", equalTo("Webhook refused: the signature does not match the body."));
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("TES-41", "TES-42").getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json").header("X-Hub-Signature", HmacSignature.sign(body, SECRET))
                .body(tampered).when().post("/webhooks/jira/" + PROJECT).then().statusCode(401);
        given().contentType("application/json").header("X-Hub-Signature", "sha1=abcdef").body(body)
                .when().post("/webhooks/jira/" + PROJECT)
                .then().statusCode(401)
                .body("detail", equalTo("Webhook refused: the signature method 'sha1' is not supported (sha256 is)."));
        given().contentType("application/json").header("X-Hub-Signature", "sha256=zz-not-hex").body(body)
                .when().post("/webhooks/jira/" + PROJECT).then().statusCode(401);
        assertEquals(before, rows("project = 'hooks'"));
    }

    @Test
    void mangledBodiesAreClientErrorsNeverServerErrors() throws IOException {
        for (String name : deliveryNames()) {
            byte[] body = delivery(name);
            byte[] half = Arrays.copyOf(body, body.length / 2);
            signed(half).when().post("/webhooks/jira/" + PROJECT)
                    .then().statusCode(400).contentType("application/problem+json");
            byte[] noise = ("[" + new String(body, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8);
            signed(noise).when().post("/webhooks/jira/" + PROJECT).then().statusCode(400);
        }
        signed(new byte[0]).when().post("/webhooks/jira/" + PROJECT).then().statusCode(400);
        byte[] garbage = { (byte) 0xff, (byte) 0xfe, 0x00, 0x41 };
        signed(garbage).contentType("application/octet-stream").when().post("/webhooks/jira/" + PROJECT)
                .then().statusCode(lessThan(500));
    }

    @Test
    void oversizedDeliveryIs413() {
        byte[] big = ("{\"webhookEvent\":\"jira:issue_updated\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        signed(big).when().post("/webhooks/jira/" + PROJECT).then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void unknownProjectIs404AndUnsignedIntegrationAcceptsUnsignedDeliveries() throws IOException {
        byte[] body = delivery("webhook-issue-deleted.json");
        given().contentType("application/json").body(body).when().post("/webhooks/jira/no-such-project")
                .then().statusCode(404).contentType("application/problem+json");
        given().contentType("application/json").body(body).when().post("/webhooks/jira/hooks-unsigned")
                .then().statusCode(202).body("outcome", equalTo("stored"));
        assertFalse(rows("project = 'hooks-unsigned' and state = 'pending' and not signed") == 0,
                "stored as unsigned: its content will never be applied");
    }
}
