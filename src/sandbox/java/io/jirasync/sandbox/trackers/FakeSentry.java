package io.jirasync.sandbox.trackers;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Sentry organization with one project, built from Sentry's API and integration-platform docs (see
 * src/test/resources/trackers/sentry/PROVENANCE.md): keeps issues; answers {@code PUT
 * /api/0/organizations/{org}/issues/{id}/} (status, statusDetails.inRelease, assignedTo; 400 naming
 * {@code assignedTo} for a user not in the organization), {@code GET /api/0/projects/{org}/{project}/} and
 * {@code GET /api/0/projects/{org}/{project}/issues/?query=lastSeen:>...&sort=date}; needs {@code Authorization:
 * Bearer <token>}. Every change, whether made "in Sentry's UI" here or through the API, is sent as a signed
 * {@code issue} webhook ({@code Sentry-Hook-Signature}, hex HMAC-SHA256 of the body with the client secret,
 * {@code Sentry-Hook-Timestamp}), as Sentry does, unless webhooks are switched off to play a missed delivery.
 */
public class FakeSentry extends FakeTrackerApi {

    /** One issue as Sentry keeps it. */
    static final class Issue {
        final String id;
        final String title;
        String status = "unresolved";
        String inRelease;
        String assignee;
        long count = 1;
        Instant lastSeen = Instant.now();

        Issue(String id, String title) {
            this.id = id;
            this.title = title;
        }
    }

    /** A webhook sent: its action, and the worker's answer. */
    public record Sent(String action, int status, String answer) {
    }

    private static final Pattern ISSUE = Pattern.compile("/api/0/organizations/([^/]+)/issues/([^/]+)/");
    private static final Pattern LAST_SEEN = Pattern.compile("lastSeen:>(\\S+)");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    // Sentry sends the webhook of an API change after answering the call; one at a time, in order.
    private final java.util.concurrent.ExecutorService outbox = java.util.concurrent.Executors
            .newSingleThreadExecutor();
    private final String organization;
    private final String project;
    private final String token;
    private final String clientSecret;
    private final Set<String> members;
    private final Map<String, Issue> issues = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile String webhookUrl;
    private volatile boolean webhooks = true;

    /** A Sentry whose organization knows {@code members} (by e-mail) as users that can be assigned. */
    public FakeSentry(String organization, String project, String token, String clientSecret, Set<String> members) {
        this.organization = organization;
        this.project = project;
        this.token = token;
        this.clientSecret = clientSecret;
        this.members = Set.copyOf(members);
    }

    /** Where the internal integration's webhooks go. */
    public void webhookUrl(String url) {
        this.webhookUrl = url;
    }

    /** Switches webhook delivery on or off (off: changes happen, nobody is told, as with a missed delivery). */
    public void webhooks(boolean on) {
        this.webhooks = on;
    }

    /** The webhooks sent so far, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** A new issue, first seen now: sent as {@code issue.created}. */
    public void create(String id, String title, long count) {
        Issue issue = new Issue(id, title);
        issue.count = count;
        issues.put(id, issue);
        send("created", issue);
    }

    /** Someone resolves the issue in Sentry: sent as {@code issue.resolved}. */
    public void resolve(String id) {
        Issue issue = issues.get(id);
        issue.status = "resolved";
        send("resolved", issue);
    }

    /** The issue's status, as Sentry's UI shows it. */
    public String status(String id) {
        return issues.get(id).status;
    }

    /** The release the issue was resolved in, null for none. */
    public String inRelease(String id) {
        return issues.get(id).inRelease;
    }

    /** The assigned user, null for nobody. */
    public String assignee(String id) {
        return issues.get(id).assignee;
    }

    @Override
    protected Answer answer(Received request) {
        if (!("Bearer " + token).equals(request.header("Authorization"))) {
            return new Answer(401, "{\"detail\": \"Invalid token\"}");
        }
        Matcher issue = ISSUE.matcher(request.path());
        if (request.method().equals("PUT") && issue.matches() && issue.group(1).equals(organization)) {
            return update(issue.group(2), request.body());
        }
        String projectPath = "/api/0/projects/" + organization + "/" + project + "/";
        if (request.method().equals("GET") && request.path().equals(projectPath)) {
            return new Answer(200, json.createObjectNode().put("slug", project).set("organization",
                    json.createObjectNode().put("slug", organization)).toString());
        }
        if (request.method().equals("GET") && request.path().startsWith(projectPath + "issues/")) {
            return new Answer(200, list(request.path()).toString());
        }
        return new Answer(404, "{\"detail\": \"The requested resource does not exist\"}");
    }

    private Answer update(String id, String body) {
        Issue issue = issues.get(id);
        if (issue == null) {
            return new Answer(404, "{\"detail\": \"The requested resource does not exist\"}");
        }
        JsonNode change = read(body);
        if (change.has("assignedTo") && !change.get("assignedTo").isNull()
                && !members.contains(change.get("assignedTo").asText())) {
            return new Answer(400, "{\"assignedTo\": [\"Unknown actor input\"]}");
        }
        String action = null;
        if (change.has("status")) {
            issue.status = change.get("status").asText();
            issue.inRelease = change.path("statusDetails").path("inRelease").asText(null);
            action = issue.status;
        }
        if (change.has("assignedTo")) {
            issue.assignee = change.get("assignedTo").isNull() ? null : change.get("assignedTo").asText();
            action = action == null ? (issue.assignee == null ? "unassigned" : "assigned") : action;
        }
        if (action != null) {
            String sentAction = action;
            outbox.execute(() -> send(sentAction, issue));
        }
        return new Answer(200, issueJson(issue).toString());
    }

    private ArrayNode list(String path) {
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        Instant since = Instant.EPOCH;
        for (String pair : query.split("&")) {
            if (pair.startsWith("query=")) {
                Matcher m = LAST_SEEN.matcher(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
                since = m.find() ? Instant.parse(m.group(1)) : since;
            }
        }
        Instant after = since;
        ArrayNode list = json.createArrayNode();
        issues.values().stream().filter(i -> i.lastSeen.isAfter(after))
                .sorted(Comparator.comparing((Issue i) -> i.lastSeen).reversed()).limit(100)
                .forEach(i -> list.add(issueJson(i)));
        return list;
    }

    private ObjectNode issueJson(Issue issue) {
        String web = url() + "/organizations/" + organization + "/issues/" + issue.id + "/";
        ObjectNode node = json.createObjectNode().put("id", issue.id).put("title", issue.title)
                .put("culprit", "app in handler").put("level", "error").put("status", issue.status)
                .put("platform", "python").put("count", Long.toString(issue.count))
                .put("lastSeen", issue.lastSeen.toString()).put("web_url", web).put("permalink", web);
        node.putObject("statusDetails").put("inRelease", issue.inRelease);
        node.putObject("project").put("slug", project).put("id", "4505391490");
        if (issue.assignee == null) {
            node.putNull("assignedTo");
        } else {
            node.putObject("assignedTo").put("type", "user").put("email", issue.assignee).put("name", issue.assignee);
        }
        return node;
    }

    private void send(String action, Issue issue) {
        if (!webhooks || webhookUrl == null) {
            return;
        }
        ObjectNode payload = json.createObjectNode().put("action", action);
        payload.putObject("installation").put("uuid", "7a485448-a9e2-4c85-8a3c-4f44175783c9");
        payload.putObject("data").set("issue", issueJson(issue));
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(webhookUrl))
                    .header("Content-Type", "application/json").header("Sentry-Hook-Resource", "issue")
                    .header("Sentry-Hook-Timestamp", Long.toString(Instant.now().getEpochSecond()))
                    .header("Sentry-Hook-Signature", sign(body)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            sent.add(new Sent(action, answer.statusCode(), answer.body()));
        } catch (java.io.IOException e) {
            sent.add(new Sent(action, 0, e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        outbox.shutdownNow();
        super.close();
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            return json.createObjectNode();
        }
    }
}
