package io.jirasync.inbound;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** An error tracker's callback endpoint on a free port: keeps every notification and checks its signature. */
final class TrackerReceiver implements AutoCloseable {

    /** One notification: its body, and whether its X-Jira-Sync-Signature matched the body. */
    record Notification(JsonNode body, boolean signed) {
    }

    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicInteger failuresLeft;
    final List<Notification> received = new CopyOnWriteArrayList<>();

    TrackerReceiver(String secret) throws IOException {
        this(secret, 0);
    }

    /** A receiver that answers 503 to its first {@code failFirst} notifications. */
    TrackerReceiver(String secret, int failFirst) throws IOException {
        failuresLeft = new java.util.concurrent.atomic.AtomicInteger(failFirst);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks/jira-sync", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (failuresLeft.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            String signature = exchange.getRequestHeaders().getFirst("X-Jira-Sync-Signature");
            received.add(new Notification(new ObjectMapper().readTree(body),
                    ("sha256=" + hmac(secret, body)).equals(signature)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/jira-sync";
    }

    Notification await(Predicate<JsonNode> wanted, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .alias("a matching notification (received: " + received + ")")
                .until(() -> received.stream().filter(n -> wanted.test(n.body())).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(body)) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
