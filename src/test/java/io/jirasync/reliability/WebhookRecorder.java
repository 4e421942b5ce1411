package io.jirasync.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook target for the sandbox that keeps every delivery exactly as Jira sent it (raw body, identifier,
 * signature), so that a scenario can replay real deliveries to a worker in any order and as often as it likes.
 */
public final class WebhookRecorder implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery as it came from Jira; {@link #changelogId()} is Jira's order (one counter for every issue). */
    public record Delivery(String identifier, String signature, byte[] body, JsonNode json) {

        public long changelogId() {
            return json.path("changelog").path("id").asLong();
        }

        public String issueKey() {
            return json.path("issue").path("key").asText();
        }

        /** The issue's {@code updated} time as the delivery shows it (Jira's milliseconds). */
        public String issueUpdated() {
            return json.path("issue").path("fields").path("updated").asText();
        }

        /**
         * Sends this delivery to {@code url} with Jira's headers, {@code X-Atlassian-Webhook-Retry} when
         * {@code retry} is above 0; returns the answer.
         */
        public HttpResponse<String> sendTo(HttpClient http, String url, int retry) throws IOException,
                InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .header("User-Agent", "Atlassian Webhook HTTP Client")
                    .header("X-Atlassian-Webhook-Identifier", identifier)
                    .header("X-Hub-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (retry > 0) {
                request.header("X-Atlassian-Webhook-Retry", Integer.toString(retry));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final HttpServer server;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();

    public WebhookRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(threads);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Atlassian-Webhook-Identifier"),
                    exchange.getRequestHeaders().getFirst("X-Hub-Signature"), body, JSON.readTree(body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public int count() {
        return received.size();
    }

    /** Waits until {@code expected} deliveries arrived or the time is up; returns how many did. */
    public int await(int expected, Duration timeout) {
        Waits.until(timeout, Duration.ofMillis(50), () -> received.size() >= expected);
        return received.size();
    }

    /** Every delivery so far in Jira's order (by changelog id), whatever order they arrived in. */
    public List<Delivery> inJiraOrder() {
        List<Delivery> ordered = new ArrayList<>(received);
        ordered.sort(Comparator.comparingLong(Delivery::changelogId));
        return ordered;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
