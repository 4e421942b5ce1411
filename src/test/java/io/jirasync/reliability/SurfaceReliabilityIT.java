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
    /** A tracker token scoped to the tracker project {@code web}: it may not act on {@code shop}. */
    private static final String SCOPED_TRACKER = "surface-scoped-tracker-token-of-web";
    private static String linkedKey;
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
        worker = cluster.worker("worker", 10, Map.of("JIRA_SYNC_DISPATCH_ENABLED", "false",
                "JIRA_SYNC_INBOUND_RECONCILE_EVERY", "2s",
                "JIRA_SYNC_AUTH_TRACKER_TOKENS", Cluster.TRACKER + "," + SCOPED_TRACKER + "@web")).start();
        cluster.integration(worker, "shop", jira, ", \"webhookSecret\": \""
                + WEBHOOK_SECRET + "\", \"tracker\": {\"callbackUrl\": \"https://tracker.example.com/hook\", "
                + "\"secret\": \"" + TRACKER_SECRET + "\"}");
        cluster.ingest(worker, "shop", Tickets.fingerprints("fp-", 5));
        // An integration that consented to unsigned deliveries, with one linked ticket for forged deliveries to aim at.
        cluster.integration(worker, "open", jira, "");
        cluster.ingest(worker, "open", Tickets.fingerprints("op-", 2));
        Thread.sleep(2500); // the fold job counts them
        HttpResponse<String> created = cluster.call("POST", worker.url()
                + "/api/v1/projects/open/fingerprints/op-1/ticket", Cluster.TRACKER, null);
        assertEquals(201, created.statusCode(), created.body());
        linkedKey = JSON.readTree(created.body()).path("jira").path("key").asText();
        // Reconciliation reads the new ticket's status onto the fingerprint once; after that the tables hold still.
        assertTrue(Waits.until(Duration.ofSeconds(60), Duration.ofMillis(500), () -> cluster.queryLong(
                "select count(*) from fingerprint where fingerprint = 'op-1' and jira_status is not null") == 1));
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

    @Test
    void forgedDeliveriesAndOverreachingTokensChangeNothing() throws Exception {
        String before = snapshot();
        long issuesBefore = cluster.sandboxIssueCount(jira);
        String issueId = JSON.readTree(sandboxIssue(linkedKey)).path("id").asText();
        Map<String, Integer> wrong = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int sent = 0;
        long now = System.currentTimeMillis();
        List<String> forged = List.of(
                delivery("jira:issue_deleted", issueId, now, "{}"),
                delivery("jira:issue_updated", issueId, now, """
                        {"status": {"name": "Done", "statusCategory": {"key": "done"}},
                         "updated": "9999-12-31T23:59:59.000+0000"}"""),
                delivery("jira:issue_updated", issueId, now, """
                        {"assignee": {"accountId": "mallory", "displayName": "Mallory"}, "updated": "%s"}"""
                        .formatted(java.time.Instant.ofEpochMilli(now))));
        // 1. The signed integration: no signature, a wrong one, one of another body: 401, nothing stored.
        for (int i = 0; i < forged.size(); i++) {
            String body = forged.get(i);
            String ofAnother = sign(forged.get((i + 1) % forged.size()));
            for (String signature : new String[] { null, "sha256=" + "0".repeat(64), ofAnother }) {
                sent++;
                expect(wrong, statuses, "shop forged", 401, deliver("shop", body, signature, "forged-" + sent));
            }
        }
        // ... and a correctly signed delivery older than the replay window: 202 ignored, with the reason.
        String old = delivery("jira:issue_deleted", issueId, now - Duration.ofDays(2).toMillis(), "{}");
        HttpResponse<String> replayed = deliver("shop", old, sign(old), "replayed-1");
        sent++;
        expect(wrong, statuses, "shop replayed", 202, replayed);
        boolean replayIgnored = replayed.body().contains("ignored") && replayed.body().contains("replay window");
        // 2. The integration that takes unsigned deliveries: stored, but their content is never applied; each only
        //    makes jira-sync read the issue, which Jira still shows open and unassigned.
        for (String body : forged) {
            sent++;
            expect(wrong, statuses, "open unsigned", 202, deliver("open", body, null, "unsigned-" + sent));
            sent++; // the same body under another identifier: a duplicate by its digest
            expect(wrong, statuses, "open digest duplicate", 202, deliver("open", body, null, "again-" + sent));
        }
        Waits.until(Duration.ofSeconds(90), Duration.ofMillis(500), () -> cluster.queryLong(
                "select count(*) from webhook_inbox where project = 'open' and state = 'pending'") == 0);
        long duplicates = cluster.queryLong("select count(*) from webhook_inbox where project = 'open'");
        // 3. Tokens: the ingest role may not act on tickets or fingerprints, a scoped token not on another project,
        //    and no token may link an issue of another Jira project.
        String fp = "/api/v1/projects/shop/fingerprints/fp-2";
        for (String[] call : new String[][] { { "POST", fp + "/ticket", null }, { "PUT", fp + "/ticket",
                "{\"key\": \"DEMO-1\"}" }, { "DELETE", fp + "/ticket", null },
                { "PATCH", fp,
                        "{\"state\": \"ignored\"}" } }) {
            byte[] body = call[2] == null ? null : call[2].getBytes(StandardCharsets.UTF_8);
            sent += 2;
            expect(wrong, statuses, "ingest " + call[0], 403, send(call[0], call[1], "Bearer " + Cluster.INGEST,
                    "application/json", body), "tracker or admin role");
            expect(wrong, statuses, "scoped " + call[0], 403, send(call[0], call[1], "Bearer " + SCOPED_TRACKER,
                    "application/json", body), "scoped to web");
        }
        sent++;
        expect(wrong, statuses, "foreign link", 422, send("PUT", fp + "/ticket", "Bearer " + Cluster.TRACKER,
                "application/json", "{\"key\": \"OPS-1\"}".getBytes(StandardCharsets.UTF_8)), "DEMO");
        // 4. Outbound URLs: plain http to Atlassian Cloud, credentials in a URL.
        for (String url : List.of("http://acme.atlassian.net", "https://mallory:pw@jira.example.com")) {
            String body = """
                    {"jira": {"url": "%s", "auth": {"type": "basic", "user": "a@b.c", "token": "t"}},
                     "projectKey": "DEMO", "webhookSecret": "a-webhook-secret-value"}""".formatted(url);
            sent++;
            expect(wrong, statuses, "url " + url, 400, send("PUT", "/api/v1/integrations/urls", "Bearer "
                    + Cluster.ADMIN, "application/json", body.getBytes(StandardCharsets.UTF_8)), "jira.url");
        }
        // 5. Metrics live on the management port and name sites by opaque ids only.
        HttpResponse<String> metrics = cluster.call("GET", worker.managementUrl() + "/q/metrics", null, null);
        synchronized (answers) {
            answers.add(metrics.body());
        }
        boolean metricsOffApiPort = send("GET", "/q/metrics", null, null, null).statusCode() == 404;
        String jiraHost = URI.create(jira.url()).getAuthority();
        boolean siteHidden = !metrics.body().contains(jiraHost) && !metrics.body().contains("/sandbox/jira");

        String after = snapshot();
        long issuesAfter = cluster.sandboxIssueCount(jira);
        JsonNode op1 = JSON.readTree(cluster.call("GET", worker.url() + "/api/v1/projects/open/fingerprints/op-1",
                Cluster.TRACKER, null).body());
        List<String> leaks = leaks();
        LOG.info(String.format("hardening: %d requests (%s); wrong answers: %s; 5xx: %d; inbox rows of 'open' after "
                + "6 unsigned sends: %d; replay ignored: %s; stored data unchanged: %s; Jira issues %d -> %d; op-1: %s "
                + "%s %s; metrics off the API port: %s, no Jira address in them: %s; secrets seen in %d answers, "
                + "metrics and logs: %s", sent, statuses, wrong,
                statuses.keySet().stream().filter(k -> k >= 500)
                        .mapToInt(statuses::get).sum(),
                duplicates, replayIgnored, before.equals(after),
                issuesBefore, issuesAfter, op1.path("jira").path("key").asText(), op1.path("state").asText(),
                op1.path("assignee").asText(null), metricsOffApiPort, siteHidden, answers.size(), leaks));
        assertTrue(wrong.isEmpty(), wrong.toString());
        assertTrue(replayIgnored, replayed.body());
        assertEquals(3, duplicates, "the digest makes a body sent twice one row");
        assertEquals(before, after, "a forged delivery or an overreaching token changed stored data");
        assertEquals(issuesBefore, issuesAfter, "Jira's issues changed");
        assertEquals(linkedKey, op1.path("jira").path("key").asText(), op1.toString());
        assertEquals("open", op1.path("state").asText(), op1.toString());
        assertTrue(op1.path("assignee").isNull() || op1.path("assignee").isMissingNode(), op1.toString());
        assertTrue(metricsOffApiPort && siteHidden, metrics.body());
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    }

    private static void expect(Map<String, Integer> wrong, Map<Integer, Integer> statuses, String what, int status,
            HttpResponse<String> answer, String... says) {
        statuses.merge(answer.statusCode(), 1, Integer::sum);
        boolean said = java.util.Arrays.stream(says).allMatch(answer.body()::contains);
        if (answer.statusCode() != status || !said) {
            wrong.merge(what + " " + answer.statusCode() + " " + answer.body(), 1, Integer::sum);
        }
    }

    private static String delivery(String event, String issueId, long timestamp, String fields) {
        return """
                {"timestamp": %d, "webhookEvent": "%s", "issue_event_type_name": "issue_generic",
                 "user": {"accountId": "mallory", "displayName": "Mallory"},
                 "issue": {"id": "%s", "key": "%s", "fields": %s},
                 "changelog": {"id": "%d", "items": [{"field": "status", "fieldId": "status", "toString": "Done"},
                                                    {"field": "assignee", "fieldId": "assignee", "to": "mallory"}]}}"""
                .formatted(timestamp, event, issueId, linkedKey, fields, timestamp);
    }

    private static String sign(String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> deliver(String project, String body, String signature, String identifier)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(worker.url() + "/webhooks/jira/" + project))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-Atlassian-Webhook-Identifier", identifier)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Hub-Signature", signature);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        synchronized (answers) {
            answers.add(r.body() + " " + r.headers().map());
        }
        return r;
    }

    private static String sandboxIssue(String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(jira.url() + "/sandbox/jira/rest/api/3/issue/" + key))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "carla@example.com:sandbox-api-token".getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
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
