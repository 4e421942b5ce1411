package io.jirasync.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The public surface of one packaged worker, read from its own OpenAPI document: every operation refuses a missing
 * or wrong token (except the open ones), thousands of malformed requests get no 5xx and change nothing, and no
 * secret shows in any answer or log line.
 */
class SurfaceReliabilityIT {

    private static final Logger LOG = Logger.getLogger(SurfaceReliabilityIT.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBHOOK_SECRET = "surface-webhook-secret-value";
    private static final String TRACKER_SECRET = "surface-tracker-secret-value";
    private static final String JIRA_TOKEN = "sandbox-api-token";
    private static final String SNAPSHOT = "select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from %s t";

    private static Cluster cluster;
    private static Cluster.Node jira;
    private static Cluster.Node worker;
    private static final List<String> answers = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One operation of the OpenAPI document. */
    private record Operation(String method, String path, boolean hasBody) {
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster(Cluster.benchDatabaseUrl(), Path.of("target/reliability/surface"));
        cluster.resetDatabase();
        jira = cluster.jira(Map.of()).start();
        worker = cluster.worker("worker", 10, Map.of("JIRA_SYNC_DISPATCH_ENABLED", "false")).start();
        cluster.integration(worker, "shop", jira, ", \"webhookSecret\": \""
                + WEBHOOK_SECRET + "\", \"tracker\": {\"callbackUrl\": \"https://tracker.example.com/hook\", "
                + "\"secret\": \"" + TRACKER_SECRET + "\"}");
        cluster.ingest(worker, "shop", Tickets.fingerprints("fp-", 5));
        Thread.sleep(2500); // the fold job counts them
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static List<Operation> operations() throws Exception {
        JsonNode doc = JSON.readTree(cluster.call("GET", worker.managementUrl() + "/q/openapi?format=json", null, null).body());
        List<Operation> ops = new ArrayList<>();
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (List.of("get", "put", "post", "patch", "delete").contains(m.getKey())) {
                ops.add(new Operation(m.getKey().toUpperCase(), p.getKey(), m.getValue().has("requestBody")));
            }
        }));
        return ops;
    }

    private static boolean open(String path) {
        return path.startsWith("/q/") || path.startsWith("/webhooks/") || path.startsWith("/sandbox/");
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String contentType,
            byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(worker.url() + path)).timeout(Duration.ofSeconds(30))
                .method(method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        synchronized (answers) {
            answers.add(r.body() + " " + r.headers().map());
        }
        return r;
    }

    private static String fill(String path, String project, String fingerprint, String other) {
        return path.replace("{project}", project).replace("{fingerprint}", fingerprint).replaceAll("\\{[^}]+}", other);
    }

    @Test
    void everyOperationRefusesAMissingOrWrongTokenAndNoSecretLeaks() throws Exception {
        List<Operation> ops = operations();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Operation op : ops) {
            if (open(op.path())) {
                continue;
            }
            String path = fill(op.path(), "shop", "fp-1", "1");
            byte[] body = op.hasBody() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
            for (String auth : new String[] { null, "Bearer wrong-token", "Bearer " + Cluster.ADMIN + "x",
                    "Basic " + java.util.Base64.getEncoder().encodeToString((Cluster.ADMIN + ":").getBytes()) }) {
                int status = send(op.method(), path, auth, "application/json", body).statusCode();
                checked++;
                if (status != 401) {
                    wrong.add(op.method() + " " + path + " with " + (auth == null ? "no token"
                            : auth.split(" ")[0]
                                    + " wrong")
                            + ": " + status);
                }
            }
        }
        // Outbound URLs to metadata or link-local addresses are refused even with private addresses allowed.
        List<String> metadata = new ArrayList<>();
        for (String url : List.of("http://169.254.169.254", "http://[fe80::1]", "http://metadata.google.internal")) {
            String body = """
                    {"jira": {"url": "%s", "deployment": "server", "apiVersion": 2,
                              "auth": {"type": "basic", "user": "a@b.c", "token": "t"}}, "projectKey": "DEMO",
                     "allowUnsignedWebhooks": true}"""
                    .formatted(url);
            int saved = send("PUT", "/api/v1/integrations/meta", "Bearer " + Cluster.ADMIN, "application/json",
                    body.getBytes(StandardCharsets.UTF_8)).statusCode();
            HttpResponse<String> r = send("POST", "/api/v1/integrations/meta/test", "Bearer " + Cluster.ADMIN, null, null);
            metadata.add(url + " -> PUT " + saved + ", test " + r.statusCode());
            assertTrue(saved >= 400 && saved < 500 || r.statusCode() < 500 && r.body().contains("is refused"),
                    url + " was not refused: " + r.statusCode() + " " + r.body());
        }
        List<String> leaks = leaks();
        LOG.info(String.format("security: %d operations in /q/openapi, %d protected requests without a valid token, "
                + "not refused with 401: %s; metadata URLs: %s; secrets found in %d answers and the logs: %s",
                ops.size(), checked, wrong, metadata, answers.size(), leaks));
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    }

    @Test
    void malformedRequestsGetNoServerErrorAndChangeNothing() throws Exception {
        String before = snapshot();
        Random random = new Random(Long.getLong("reliability.seed", 7));
        List<Operation> ops = operations();
        List<byte[]> bodies = badBodies(random);
        List<String> projects = List.of("no-such", "Shop", "x".repeat(300), "%2e%2e%2f", "sh%00op", "'%20or%201=1");
        List<String> fingerprints = List.of("fp-1", "fp%0a1", "f".repeat(200), "%ff%fe", "fp-1%3Bdrop");
        List<String> queries = List.of("", "?limit=-1", "?limit=abc", "?limit=99999999999", "?cursor=zz",
                "?updatedSince=yesterday", "?state=bogus", "?linked=maybe", "?topValues=0", "?before=-5&fingerprint=");
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        int sent = 0;
        for (Operation op : ops) {
            if (op.path().startsWith("/q/") || op.path().startsWith("/sandbox/")) {
                continue;
            }
            for (int i = 0; i < 150; i++) {
                // The real project and fingerprint only with a bad body: a body-less valid call (DELETE ...) is not
                // bad input.
                boolean realPath = op.hasBody() && i % 3 == 0;
                String path = fill(op.path(), realPath ? "shop" : projects.get(random.nextInt(projects.size())),
                        realPath ? "fp-1" : fingerprints.get(random.nextInt(fingerprints.size())),
                        random.nextBoolean() ? "abc" : "-1") + queries.get(random.nextInt(queries.size()));
                byte[] body = bodies.get(random.nextInt(bodies.size()));
                String type = List.of("application/json", "application/json", "text/plain", "application/xml")
                        .get(random.nextInt(4));
                String auth = op.path().contains("/events") ? "Bearer " + Cluster.INGEST
                        : op.path().contains("/fingerprints") ? "Bearer " + Cluster.TRACKER
                                : "Bearer " + Cluster.ADMIN;
                Map<String, String> signature = Map.of();
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(worker.url() + path))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", auth).header("Content-Type", type)
                        .method(op.method(), op.method().equals("GET") || op.method().equals("DELETE")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                if (op.path().startsWith("/webhooks/")) {
                    b.header("X-Hub-Signature", List.of("sha256=00", "sha1=abc", "", "sha256=" + "a".repeat(64))
                            .get(random.nextInt(4)));
                }
                int status;
                try {
                    status = HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IllegalArgumentException unsendable) {
                    continue; // a path the client itself refuses to send
                } catch (java.io.IOException closed) {
                    status = -1; // the worker answered (413) and closed before the whole body was sent
                }
                sent++;
                statuses.merge(status, 1, Integer::sum);
                if (status >= 500) {
                    serverErrors.add(op.method() + " " + path + " (" + body.length + " bytes): " + status);
                }
            }
        }
        boolean ready = cluster.call("GET", worker.managementUrl() + "/q/health/ready", null, null).statusCode() == 200;
        String after = snapshot();
        LOG.info(String.format("bad input: %d malformed requests on %d operations: statuses %s; 5xx: %s; "
                + "fingerprints, attributes, integrations and tasks unchanged: %s; ready afterwards: %s", sent,
                ops.size(), statuses, serverErrors.size() > 20 ? serverErrors.subList(0, 20) : serverErrors,
                before.equals(after), ready));
        assertTrue(serverErrors.isEmpty(), String.join("\n", serverErrors));
        assertEquals(before, after, "a malformed request changed stored data");
        assertTrue(ready, "the worker is not ready after the malformed requests");
    }

    private static List<byte[]> badBodies(Random random) {
        List<String> texts = new ArrayList<>(List.of("", "{", "[", "]", "null", "\"x\"", "42", "[]", "{}",
                "{\"fingerprint\": 1, \"title\": [], \"timestamp\": \"yesterday\"}",
                "[{\"fingerprint\": \"a b/c\", \"title\": \"\"}]",
                "[{\"fingerprint\": \"ok\", \"title\": \"t\", \"attributes\": {\"k\": {\"nested\": true}}}]",
                "{\"state\": \"exploded\"}", "{\"assignee\": 5}", "{\"key\": \"\"}", "{\"key\": \"NOT A KEY\"}",
                "{\"jira\": {\"url\": \"ftp://x\"}}", "{\"jira\": null, \"projectKey\": 7}", "{\"unknown\": 1}",
                "{\"fingerprint\": \"fp-1\", \"surprise\": true}", "{\"webhookEvent\": 5, \"issue\": \"x\"}",
                "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "\u0000\u0001\u0002",
                "{\"title\": \"" + "x".repeat(2_000_000) + "\"}"));
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        List<byte[]> bodies = new ArrayList<>();
        texts.forEach(t -> bodies.add(t.getBytes(StandardCharsets.UTF_8)));
        bodies.add(noise);
        bodies.add(new byte[11 * 1024 * 1024]); // over the 10 MB limit of any request
        return bodies;
    }

    private static String snapshot() throws Exception {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("fingerprint", "fingerprint_attribute", "integration", "sync_task")) {
            try (var c = cluster.connect();
                    var s = c.createStatement();
                    var r = s.executeQuery(SNAPSHOT.formatted(table))) {
                r.next();
                all.append(table).append('=').append(r.getString(1)).append(' ');
            }
        }
        return all.toString();
    }

    /** Every secret of the run that appears in an answer or a log line of the worker or the Jira process. */
    private static List<String> leaks() throws Exception {
        List<String> secrets = List.of(Cluster.ADMIN, Cluster.INGEST, Cluster.TRACKER, Cluster.SECRETS_KEY, WEBHOOK_SECRET,
                TRACKER_SECRET, JIRA_TOKEN);
        List<String> found = new ArrayList<>();
        String logs = Files.readString(worker.log) + Files.readString(jira.log);
        for (String secret : secrets) {
            if (logs.contains(secret)) {
                found.add("a log contains " + secret.substring(0, 4) + "...");
            }
            synchronized (answers) {
                if (answers.stream().anyMatch(a -> a.contains(secret))) {
                    found.add("an answer contains " + secret.substring(0, 4) + "...");
                }
            }
        }
        return found;
    }
}
