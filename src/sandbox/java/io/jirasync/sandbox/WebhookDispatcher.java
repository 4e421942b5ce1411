package io.jirasync.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;

/** Sends the sandbox's webhooks to registered targets, signed and retried with backoff as Jira does. */
final class WebhookDispatcher {

    /**
     * A registered receiver; empty {@code projects} or {@code events} mean all, a null {@code jql} no JQL filter.
     * The secret is never shown back.
     */
    record Target(String id, String url, String secret, Set<String> projects, Set<String> events, String jql,
            Predicate<SandboxIssue> filter) {
        boolean wants(SandboxIssue issue, String event) {
            return (projects.isEmpty() || projects.contains(issue.project.key()))
                    && (events.isEmpty() || events.contains(event)) && (filter == null || filter.test(issue));
        }
    }

    /** One delivery of one event to one target, with its attempts so far. */
    static final class Delivery {
        final String identifier = UUID.randomUUID().toString();
        final Target target;
        final String event;
        final String issueKey;
        /** Kept only while the delivery may still be attempted; the log keeps no bodies. */
        byte[] body;
        int attempts;
        String state = "pending";
        Integer lastStatus;
        String lastError;

        Delivery(Target target, String event, String issueKey, byte[] body) {
            this.target = target;
            this.event = event;
            this.issueKey = issueKey;
            this.body = body;
        }
    }

    private static final int LOG_SIZE = 10_000;

    private final SandboxConfig config;
    private final HttpClient http;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sandbox-webhook-retry");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Deque<Delivery> log = new ArrayDeque<>();
    private final List<Delivery> held = new ArrayList<>();
    private boolean paused;
    private int lastTargetId;

    WebhookDispatcher(SandboxConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.webhooks().timeout()).build();
    }

    void stop() {
        timer.shutdownNow();
    }

    synchronized Target register(String url, String secret, Set<String> projects) {
        return register(url, secret, projects, Set.of(), null, null);
    }

    synchronized Target register(String url, String secret, Set<String> projects, Set<String> events, String jql,
            Predicate<SandboxIssue> filter) {
        Target target = new Target(String.valueOf(++lastTargetId), url, secret, Set.copyOf(projects),
                Set.copyOf(events), jql, filter);
        targets.put(target.id(), target);
        return target;
    }

    synchronized boolean unregister(String id) {
        return targets.remove(id) != null;
    }

    synchronized List<Target> targets() {
        return List.copyOf(targets.values());
    }

    synchronized void pause(boolean pause) {
        paused = pause;
        if (!pause) {
            List<Delivery> release = new ArrayList<>(held);
            held.clear();
            release.forEach(this::attempt);
        }
    }

    synchronized boolean paused() {
        return paused;
    }

    /** A snapshot of the recent deliveries, oldest first (identifier, target, event, attempts, outcome). */
    synchronized List<Map<String, Object>> deliveries() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Delivery d : log) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("identifier", d.identifier);
            view.put("target", d.target.id());
            view.put("url", d.target.url());
            view.put("event", d.event);
            view.put("issueKey", d.issueKey);
            view.put("attempts", d.attempts);
            view.put("state", d.state);
            view.put("lastStatus", d.lastStatus);
            view.put("lastError", d.lastError);
            out.add(view);
        }
        return out;
    }

    /** Forgets targets, held deliveries and the delivery log. */
    synchronized void reset() {
        targets.clear();
        held.clear();
        log.clear();
        paused = false;
    }

    synchronized void publish(SandboxIssue issue, String event, ObjectNode payload) {
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        for (Target target : targets.values()) {
            if (target.wants(issue, event)) {
                Delivery delivery = new Delivery(target, event, issue.key, body);
                log.addLast(delivery);
                while (log.size() > LOG_SIZE) {
                    log.removeFirst();
                }
                attempt(delivery);
            }
        }
    }

    private synchronized void attempt(Delivery delivery) {
        if (!targets.containsKey(delivery.target.id())) {
            // The target was removed (or the sandbox reset) while this delivery waited for a retry.
            delivery.state = "dropped";
            delivery.body = null;
            return;
        }
        if (paused) {
            delivery.state = "paused";
            held.add(delivery);
            return;
        }
        delivery.attempts++;
        delivery.state = "pending";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(delivery.target.url()))
                .timeout(config.webhooks().timeout())
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("User-Agent", "Atlassian Webhook HTTP Client")
                .header("X-Atlassian-Webhook-Identifier", delivery.identifier)
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body));
        if (delivery.attempts > 1) {
            request.header("X-Atlassian-Webhook-Retry", String.valueOf(delivery.attempts - 1));
        }
        if (delivery.target.secret() != null && !delivery.target.secret().isEmpty()) {
            request.header("X-Hub-Signature", "sha256=" + hmacSha256(delivery.target.secret(), delivery.body));
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> done(delivery, response, failure));
    }

    private synchronized void done(Delivery delivery, HttpResponse<Void> response, Throwable failure) {
        delivery.lastStatus = response == null ? null : response.statusCode();
        delivery.lastError = failure == null ? null : failure.getClass().getSimpleName();
        if (response != null && response.statusCode() / 100 == 2) {
            delivery.state = "delivered";
            delivery.body = null;
            return;
        }
        if (delivery.attempts >= config.webhooks().maxAttempts()) {
            delivery.state = "failed";
            delivery.body = null;
            Log.warnf("Sandbox webhook %s for %s to target %s failed after %d attempts (last status %s)",
                    delivery.event, delivery.issueKey, delivery.target.id(), delivery.attempts, delivery.lastStatus);
            return;
        }
        delivery.state = "retrying";
        long backoff = config.webhooks().initialBackoff().toMillis() << (delivery.attempts - 1);
        timer.schedule(() -> attempt(delivery), backoff, TimeUnit.MILLISECONDS);
    }

    /** Hex HMAC-SHA256 of the body, the value Jira puts after {@code sha256=} in {@code X-Hub-Signature}. */
    static String hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
