package io.jirasync.sandbox;

import static io.jirasync.sandbox.Sandbox.API2;
import static io.jirasync.sandbox.Sandbox.API3;
import static io.jirasync.sandbox.Sandbox.createBug;
import static io.jirasync.sandbox.Sandbox.jira;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jirasync.openapi.JiraOpenApi;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The webhooks the sandbox sends have the keys of Jira's real deliveries (recorded, in the test resources under
 * {@code jira-webhooks/}) in the same places: exactly the same keys at the top, in {@code issue}, {@code changelog}
 * and its items, and every key of the real {@code issue.fields} (custom fields aside) and of the objects inside them.
 */
@QuarkusTest
class SandboxWebhookShapeTest {

    /**
     * Cloud stopped sending user names and keys in 2019 (Atlassian's GDPR change); the recordings predate it, so
     * Cloud users are compared without them.
     */
    private static final Set<String> CLOUD_USER_KEYS_GONE = Set.of("name", "key");

    /**
     * Jira fills these only when work was logged (the Server recording had a 1m worklog); the sandbox keeps no
     * worklogs, so only their presence is compared, not their insides.
     */
    private static final Set<String> WORK_LOGGED = Set.of("timetracking", "progress", "aggregateprogress", "worklog");

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @BeforeEach
    void reset() {
        Sandbox.reset();
    }

    @Test
    void cloudDeliveriesHaveTheKeysOfRealOnes() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(null, 0)) {
            SandboxWebhookTest.register(receiver.url(), null);
            String key = createBug("NPE");
            compare("webhook-issue-created.json", receiver.await(r -> r.body().contains("issue_created"), PATIENCE), true);

            jira().body("{\"accountId\": \"5d53f3cbc6b9320d9ea5bdc2\"}").put(API3 + "/issue/" + key + "/assignee");
            compare("webhook-issue-updated-assigned.json", receiver.await(r -> r.body().contains("issue_assigned"), PATIENCE),
                    true);

            jira().body("{\"update\": {\"labels\": [{\"add\": \"hot\"}]}}").put(API3 + "/issue/" + key);
            compare("webhook-issue-updated-labels.json",
                    receiver.await(r -> r.body().contains("\"fieldId\":\"labels\""), PATIENCE), true);

            jira().body("{\"update\": {\"fixVersions\": [{\"add\": {\"name\": \"1.1\"}}]}}").put(API3 + "/issue/" + key);
            compare("webhook-issue-updated-fix-version.json",
                    receiver.await(r -> r.body().contains("\"fieldId\":\"fixVersions\""), PATIENCE), true);

            jira().body("{\"transition\": {\"id\": \"21\"}, \"fields\": {\"resolution\": {\"name\": \"Done\"}}}")
                    .post(API3 + "/issue/" + key + "/transitions");
            compare("webhook-issue-updated-resolved.json",
                    receiver.await(r -> r.body().contains("\"fieldId\":\"resolution\""), PATIENCE), true);

            jira().delete(API3 + "/issue/" + key);
            compare("webhook-issue-deleted.json", receiver.await(r -> r.body().contains("jira:issue_deleted"), PATIENCE), true);
        }
    }

    @Test
    void serverDeliveriesHaveTheKeysOfRealOnes() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(null, 0)) {
            SandboxWebhookTest.register(receiver.url(), null);
            Sandbox.control("{\"flavour\": \"server\"}");
            String key = jira().body("""
                    {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "x",
                     "customfield_10010": {"value": "Backend"}}}""").post(API2 + "/issue")
                    .then().statusCode(201).extract().path("key");
            jira().body("{\"transition\": {\"id\": \"21\"}, \"fields\": {\"resolution\": {\"name\": \"Done\"}}}")
                    .post(API2 + "/issue/" + key + "/transitions").then().statusCode(204);
            compare("webhook-server-issue-updated-resolved.json",
                    receiver.await(r -> r.body().contains("issue_resolved"), PATIENCE), false);
        }
    }

    private static void compare(String realFile, WebhookReceiver.Received delivery, boolean cloud) throws IOException {
        JsonNode real = new ObjectMapper().readTree(JiraOpenApi.resource("/jira-webhooks/" + realFile));
        JsonNode ours = delivery.json();
        List<String> problems = new ArrayList<>();
        sameKeys("", real, ours, problems);
        sameKeys("issue", real.get("issue"), ours.get("issue"), problems);
        if (real.has("changelog")) {
            sameKeys("changelog", real.get("changelog"), ours.get("changelog"), problems);
            sameKeys("changelog.items[0]", real.at("/changelog/items/0"), ours.at("/changelog/items/0"), problems);
        }
        Set<String> userKeys = keys(real.get("user"));
        if (cloud) {
            userKeys.removeAll(CLOUD_USER_KEYS_GONE);
            userKeys.add("accountType");
        }
        assertEquals(userKeys, keys(ours.get("user")), realFile + ": user");
        contains("issue.fields", real.at("/issue/fields"), ours.at("/issue/fields"), cloud, problems);
        assertTrue(problems.isEmpty(), realFile + " vs the sandbox's " + ours.path("webhookEvent") + ":\n"
                + String.join("\n", problems));
    }

    private static void sameKeys(String where, JsonNode real, JsonNode ours, List<String> problems) {
        if (!keys(real).equals(keys(ours))) {
            problems.add(where + ": real " + keys(real) + ", sandbox " + keys(ours));
        }
    }

    /** Every key of the real object is in ours (recursively, first element of non-empty arrays). */
    private static void contains(String where, JsonNode real, JsonNode ours, boolean cloud, List<String> problems) {
        if (real.isArray() && ours.isArray() && !real.isEmpty() && !ours.isEmpty()) {
            contains(where + "[0]", real.get(0), ours.get(0), cloud, problems);
        }
        if (!real.isObject() || !ours.isObject()) {
            return;
        }
        boolean user = real.has("displayName") && real.has("avatarUrls");
        for (Iterator<String> names = real.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("customfield_") || (cloud && user && CLOUD_USER_KEYS_GONE.contains(name))) {
                continue;
            }
            if (!ours.has(name)) {
                problems.add(where + ": no '" + name + "'");
            } else if (!real.get(name).isNull() && !ours.get(name).isNull() && !WORK_LOGGED.contains(name)) {
                contains(where + "." + name, real.get(name), ours.get(name), cloud, problems);
            }
        }
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        if (node != null) {
            node.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }
}
