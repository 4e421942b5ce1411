package io.jirasync.inbound;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.inbound.WebhookInboxRepository.Row;
import io.jirasync.queue.GroupCommit;
import io.jirasync.queue.GroupCommit.Pending;

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

    private final WebhookInboxRepository deliveries;
    private final InboundMetrics metrics;
    private final GroupCommit<Row, Outcome> commit = new GroupCommit<>("webhook-inbox-writer",
            "a webhook delivery", MAX_GROUP, WAIT_SECONDS, this::write);

    WebhookInboxService(WebhookInboxRepository deliveries, InboundMetrics metrics) {
        this.deliveries = deliveries;
        this.metrics = metrics;
    }

    @PostConstruct
    void start() {
        commit.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        commit.stop();
    }

    /**
     * Inserts the delivery unless one with the same dedupe key or the same body digest is already there (a
     * redelivery or a replay), and returns once that is committed. Deliveries that cannot matter are stored as
     * {@code ignored} with the reason, so the sync log can say why nothing happened.
     */
    public Outcome store(String project, String dedupeKey, String digest, boolean signed, WebhookDelivery delivery,
            String payload) {
        Outcome outcome = commit.submit(new Row(project, dedupeKey, digest, signed, delivery,
                payload));
        counted(project, delivery, outcome);
        return outcome;
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

    /**
     * One statement for the group; when it fails, each delivery alone, so that one the database refuses fails
     * only its own request. Within a group, a delivery with the key or the body of an earlier one is its duplicate.
     */
    private void write(List<Pending<Row, Outcome>> group) {
        Map<String, Pending<Row, Outcome>> firsts = new LinkedHashMap<>();
        Map<String, Pending<Row, Outcome>> byDigest = new HashMap<>();
        List<Map.Entry<Pending<Row, Outcome>, Pending<Row, Outcome>>> repeats = new ArrayList<>();
        for (Pending<Row, Outcome> p : group) {
            Pending<Row, Outcome> first = firsts.containsKey(p.item().key()) ? firsts.get(p.item().key())
                    : byDigest.get(p.item().digestKey());
            if (first != null) {
                repeats.add(Map.entry(p, first));
            } else {
                firsts.put(p.item().key(), p);
                byDigest.put(p.item().digestKey(), p);
            }
        }
        commit.inOneStatement(new ArrayList<>(firsts.values()), this::insert);
        // A repeat is a duplicate once its first is stored (or was already); it fails when its first failed.
        for (Map.Entry<Pending<Row, Outcome>, Pending<Row, Outcome>> repeat : repeats) {
            Pending<Row, Outcome> p = repeat.getKey();
            repeat.getValue().done().whenComplete((outcome, failure) -> {
                if (failure != null) {
                    p.done().completeExceptionally(failure);
                } else {
                    p.done().complete(Outcome.DUPLICATE);
                }
            });
        }
    }

    /**
     * Inserts the rows in one statement (committed on return: no transaction is open); each is stored (or
     * ignored), or a duplicate of a delivery already there.
     */
    private List<Outcome> insert(List<Row> rows) throws SQLException {
        Set<String> inserted = deliveries.insert(rows);
        return rows.stream().map(row -> !inserted.contains(row.key()) ? Outcome.DUPLICATE
                : row.state() == DeliveryState.IGNORED ? Outcome.IGNORED : Outcome.STORED).toList();
    }
}
