package io.jirasync.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A person working in the Jira process's sandbox through its REST API (v3), as a human does between syncs: moves
 * and assigns issues. Waits out the sandbox's 429s, as a browser session would.
 */
public final class JiraUser {

    /** The sandbox's workflow transitions (see its catalog): To Do to In Progress, and to Done with a resolution. */
    public static final String START_WORK = "11";
    public static final String DONE = "21";

    private final String api;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code login}: a sandbox user's name or e-mail (ana, ben ...); every demo user has the sandbox's API token. */
    public JiraUser(Cluster.Node jira, String login) {
        this.api = jira.url() + "/sandbox/jira/rest/api/3";
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (login + ":sandbox-api-token").getBytes(StandardCharsets.UTF_8));
    }

    /** Applies a workflow transition; {@link #DONE} carries the resolution its screen requires. */
    public void transition(String key, String transitionId) throws IOException, InterruptedException {
        String fields = DONE.equals(transitionId) ? ", \"fields\": {\"resolution\": {\"name\": \"Done\"}}" : "";
        send("POST", "/issue/" + key + "/transitions", "{\"transition\": {\"id\": \"" + transitionId + "\"}" + fields + "}",
                204);
    }

    /** Assigns the issue to the account. */
    public void assign(String key, String accountId) throws IOException, InterruptedException {
        send("PUT", "/issue/" + key + "/assignee", "{\"accountId\": \"" + accountId + "\"}", 204);
    }

    private void send(String method, String path, String json, int expected) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == expected) {
                return;
            }
            if (response.statusCode() != 429 || attempt >= 20) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            long wait = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
            Thread.sleep(wait * 1000);
        }
    }
}
