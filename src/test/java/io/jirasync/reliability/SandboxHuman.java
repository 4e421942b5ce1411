package io.jirasync.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A person at work in the sandbox's DEMO project through Jira's REST API v3, signed in with their own Basic
 * credentials, so that the webhooks name them and not jira-sync's account: creates issues, moves them through the
 * workflow, assigns them and sets their fix versions.
 */
public final class SandboxHuman {

    /** Account ids of the sandbox's DEMO users who may be assigned issues (SandboxCatalog). */
    public static final String ANA = "5d53f3cbc6b9320d9ea5bdc2";
    public static final String BEN = "60e5a86a471e61006a4a41e7";
    /** The DEMO project's versions. */
    public static final List<String> VERSIONS = List.of("1.0", "1.1", "2.0");
    /** The sandbox workflow's status ids (To Do, In Progress, Done, Won't Do) to the transitions leaving them. */
    public static final Map<String, List<String>> TRANSITIONS = Map.of("10000", List.of("11", "21", "31"),
            "3", List.of("21", "31", "51"), "10001", List.of("41"), "10002", List.of("41"));
    /** Where each transition leads. */
    public static final Map<String, String> TARGET = Map.of("11", "3", "21", "10001", "31", "10002", "41", "10000",
            "51", "10000");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What jira-sync maps of an issue, as Jira shows it. */
    public record Issue(String id, String key, String statusName, String statusCategory, String assigneeAccountId,
            List<String> fixVersions) {
    }

    private final String api;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Signed in as {@code email} (every sandbox user's API token is {@code sandbox-api-token}). */
    public SandboxHuman(Cluster.Node jira, String email) {
        this.api = jira.url() + "/sandbox/jira/rest/api/3";
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((email + ":sandbox-api-token").getBytes(StandardCharsets.UTF_8));
    }

    /** A new Bug in DEMO; returns its id and key. */
    public Issue create(String summary) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode fields = body.putObject("fields");
        fields.putObject("project").put("key", "DEMO");
        fields.putObject("issuetype").put("name", "Bug");
        fields.put("summary", summary);
        fields.putObject("customfield_10010").put("value", "Backend");
        JsonNode created = JSON.readTree(send("POST", "/issue", body, 201));
        return read(created.path("key").asText());
    }

    /** Carries out a workflow transition ("Done" with the resolution it asks for). */
    public void transition(String key, String transitionId) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("transition").put("id", transitionId);
        if (TARGET.get(transitionId).equals("10001")) {
            body.putObject("fields").putObject("resolution").put("name", "Done");
        }
        send("POST", "/issue/" + key + "/transitions", body, 204);
    }

    /** Assigns the issue to {@code accountId}, or unassigns it when null. */
    public void assign(String key, String accountId) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        if (accountId == null) {
            body.putNull("accountId");
        } else {
            body.put("accountId", accountId);
        }
        send("PUT", "/issue/" + key + "/assignee", body, 204);
    }

    /** Replaces the issue's fix versions. */
    public void fixVersions(String key, List<String> names) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode versions = body.putObject("fields").putArray("fixVersions");
        names.forEach(name -> versions.addObject().put("name", name));
        send("PUT", "/issue/" + key, body, 204);
    }

    /** The issue as Jira shows it now. */
    public Issue read(String key) throws Exception {
        JsonNode issue = JSON.readTree(send("GET", "/issue/" + key + "?fields=status,assignee,fixVersions", null, 200));
        JsonNode fields = issue.path("fields");
        List<String> versions = new ArrayList<>();
        fields.path("fixVersions").forEach(v -> versions.add(v.path("name").asText()));
        JsonNode assignee = fields.path("assignee");
        return new Issue(issue.path("id").asText(), issue.path("key").asText(),
                fields.path("status").path("name").asText(),
                fields.path("status").path("statusCategory").path("key").asText(),
                assignee.isObject() ? assignee.path("accountId").asText() : null, versions);
    }

    private String send(String method, String path, JsonNode body, int expected) throws IOException,
            InterruptedException {
        for (int attempt = 1;; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body.toString()));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429 && attempt < 20) {
                // The sandbox's rate limit, when a scenario sets one: wait as a browser session would.
                Thread.sleep(1000 * response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L));
                continue;
            }
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        }
    }
}
