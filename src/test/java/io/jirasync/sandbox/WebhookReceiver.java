package io.jirasync.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP webhook receiver on a free port that checks {@code X-Hub-Signature} as a Jira webhook consumer
 * must (401 when it does not match) and keeps every delivery it was sent.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One received request: its headers, body, and whether the receiver accepted it. */
    record Received(Map<String, List<String>> headers, String body, int answeredWith) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("delivery is not JSON: " + body, e);
            }
        }
    }

    private final HttpServer server;
    private final String secret;
    private final AtomicInteger failuresLeft;
    final List<Received> received = new CopyOnWriteArrayList<>();

    WebhookReceiver(String secret, int failFirst) throws IOException {
        this.secret = secret;
        this.failuresLeft = new AtomicInteger(failFirst);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status;
            if (failuresLeft.getAndDecrement() > 0) {
                status = 503;
            } else if (secret != null && !signatureMatches(exchange.getRequestHeaders().getFirst("X-Hub-Signature"), body)) {
                status = 401;
            } else {
                status = 204;
            }
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8),
                    status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private boolean signatureMatches(String header, byte[] body) {
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(header.substring(7)));
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits until a received request matches, or fails after the timeout. */
    Received await(Predicate<Received> wanted, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .alias("a matching delivery (received: " + received + ")")
                .until(() -> received.stream().filter(wanted).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
