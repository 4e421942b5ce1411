package io.jirasync.inbound;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * Stores webhook deliveries in the inbox, once each. Deliveries that arrive together are written by one writer
 * thread with one multi-row insert, committed once (group commit): each request waits until the statement that
 * holds its delivery is committed, so a 202 is never answered for a delivery that is not durable.
 */
@ApplicationScoped
public class WebhookInboxService {

    /** What became of a delivery at the door. */
    public enum Outcome {
        STORED,
        DUPLICATE,
        IGNORED
    }

    /** Most deliveries in one statement. */
    static final int MAX_GROUP = 64;
    /** Longest a request waits for its commit before it gets a 500 (Jira sends it again; the dedupe key holds). */
    private static final long WAIT_SECONDS = 30;

    /** A delivery waiting for the writer, and the request waiting for its outcome. */
    private record Pending(WebhookInboxRepository.Row row, CompletableFuture<Outcome> done) {

        String key() {
            return row.key();
        }

        String digestKey() {
            return row.digestKey();
        }

        Outcome stored() {
            return row.state() == DeliveryState.IGNORED ? Outcome.IGNORED : Outcome.STORED;
        }
    }

    private final WebhookInboxRepository deliveries;
    private final InboundMetrics metrics;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    WebhookInboxService(WebhookInboxRepository deliveries, InboundMetrics metrics) {
        this.deliveries = deliveries;
        this.metrics = metrics;
    }

    @PostConstruct
    void start() {
        running = true;
        writer = new Thread(this::writeLoop, "webhook-inbox-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        writer.interrupt();
        writer.join(TimeUnit.SECONDS.toMillis(10));
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("The worker is stopping")));
    }

    /**
     * Inserts the delivery unless one with the same dedupe key or the same body digest is already there (a
     * redelivery or a replay), and returns once that is committed. Deliveries that cannot matter are stored as
     * {@code ignored} with the reason, so the sync log can say why nothing happened.
     */
    public Outcome store(String project, String dedupeKey, String digest, boolean signed, WebhookDelivery delivery,
            String payload) {
        Pending pending = new Pending(new WebhookInboxRepository.Row(project, dedupeKey, digest, signed, delivery,
                payload), new CompletableFuture<>());
        if (!running) {
            throw new IllegalStateException("The worker is stopping");
        }
        queue.add(pending);
        try {
            Outcome outcome = pending.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
            counted(project, delivery, outcome);
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing a webhook delivery", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Storing a webhook delivery took more than " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("Storing a webhook delivery failed: " + e.getCause(), e.getCause());
        }
    }

    /** The delivery is in the inbox (or was already): the integration has heard from Jira now. */
    private void counted(String project, WebhookDelivery delivery, Outcome outcome) {
        metrics.received(project);
        if (outcome == Outcome.IGNORED) {
            metrics.delivery(DeliveryState.IGNORED, delivery.ignoreCode());
        } else if (outcome == Outcome.DUPLICATE) {
            metrics.duplicate();
        }
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        while (running) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            try {
                write(group);
            } catch (RuntimeException | Error e) {
                group.forEach(p -> p.done().completeExceptionally(e));
            }
            group.clear();
        }
    }

    /**
     * One statement for the group; when it fails, each delivery alone, so that one the database refuses fails
     * only its own request. Within a group, a delivery with the key or the body of an earlier one is its duplicate.
     */
    private void write(List<Pending> group) {
        Map<String, Pending> firsts = new LinkedHashMap<>();
        Map<String, Pending> byDigest = new HashMap<>();
        List<Map.Entry<Pending, Pending>> repeats = new ArrayList<>();
        for (Pending p : group) {
            Pending first = firsts.containsKey(p.key()) ? firsts.get(p.key()) : byDigest.get(p.digestKey());
            if (first != null) {
                repeats.add(Map.entry(p, first));
            } else {
                firsts.put(p.key(), p);
                byDigest.put(p.digestKey(), p);
            }
        }
        List<Pending> rows = new ArrayList<>(firsts.values());
        try {
            complete(rows, insert(rows));
        } catch (SQLException e) {
            if (rows.size() == 1 || !refusedData(e)) {
                rows.forEach(p -> p.done().completeExceptionally(new IllegalStateException(
                        "Storing a webhook delivery failed: " + e.getMessage(), e)));
            } else {
                Log.warnf("A group of %d webhook deliveries was refused (%s); storing them one by one", rows.size(),
                        e.getMessage());
                for (Pending p : rows) {
                    try {
                        complete(List.of(p), insert(List.of(p)));
                    } catch (SQLException alone) {
                        p.done().completeExceptionally(new IllegalStateException(
                                "Storing a webhook delivery failed: " + alone.getMessage(), alone));
                    }
                }
            }
        }
        // A repeat is a duplicate once its first is stored (or was already); it fails when its first failed.
        for (Map.Entry<Pending, Pending> repeat : repeats) {
            Pending p = repeat.getKey();
            repeat.getValue().done().whenComplete((outcome, failure) -> {
                if (failure != null) {
                    p.done().completeExceptionally(failure);
                } else {
                    p.done().complete(Outcome.DUPLICATE);
                }
            });
        }
    }

    /** A data exception or constraint violation (SQLSTATE 22, 23): the rows, not the database, are at fault. */
    private static boolean refusedData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static void complete(List<Pending> rows, Set<String> inserted) {
        for (Pending p : rows) {
            p.done().complete(inserted.contains(p.key()) ? p.stored() : Outcome.DUPLICATE);
        }
    }

    /** Inserts the rows in one statement (committed on return: no transaction is open); the keys inserted. */
    private Set<String> insert(List<Pending> rows) throws SQLException {
        return deliveries.insert(rows.stream().map(Pending::row).toList());
    }
}
