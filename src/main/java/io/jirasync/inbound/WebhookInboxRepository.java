package io.jirasync.inbound;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.jirasync.queue.WorkQueue;

/** The {@code webhook_inbox} table: storing deliveries, claiming them under a lease, and recording their end. */
@ApplicationScoped
public class WebhookInboxRepository {

    /**
     * A delivery to insert: {@code digest} is the SHA-256 of its body (a second delivery with the same body is a
     * duplicate, whatever its identifier), {@code signed} whether its signature was checked.
     */
    record Row(String project, String dedupeKey, String digest, boolean signed, WebhookDelivery delivery,
            String payload) {

        String key() {
            return project + "\n" + dedupeKey;
        }

        String digestKey() {
            return project + "\n" + digest;
        }

        DeliveryState state() {
            return delivery.ignoreReason() != null ? DeliveryState.IGNORED : DeliveryState.PENDING;
        }
    }

    // Rows in arrival order, so that the ids (the processor's tie-break) follow it. Redeliveries stay out: a row whose
    // dedupe key or body digest is already there (uq_webhook_inbox_project_dedupe_key, uq_webhook_inbox_project_body_digest).
    private static final String INSERT = """
            insert into webhook_inbox (project, dedupe_key, event_type, issue_id, issue_key, changelog_id,
                delivery_timestamp, payload, state, reason, body_digest, signed, processed_at)
            select u.project, u.dedupe_key, u.event_type, u.issue_id, u.issue_key, u.changelog_id,
                   u.delivery_timestamp::timestamptz, u.payload, u.state, u.reason, u.body_digest, u.signed::boolean,
                   case when u.state = 'ignored' then now() end
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[]) with ordinality
                 as u(project, dedupe_key, event_type, issue_id, issue_key, changelog_id, delivery_timestamp, payload,
                      state, reason, body_digest, signed, position)
            order by u.position
            on conflict do nothing
            returning project, dedupe_key""";

    // A claimed delivery stays pending with its next attempt pushed past the lease: if its replica dies, it is
    // simply due again then.
    static final WorkQueue QUEUE = new WorkQueue("webhook_inbox", "t.state = 'pending'", "t.next_attempt_at", null,
            "t.next_attempt_at, t.id", "next_attempt_at = now() + cast(:lease as interval)");

    private static final String CLAIM = QUEUE.leaseSql(QUEUE.due(), null,
            "id, project, event_type, issue_id, issue_key, delivery_timestamp, cast(payload as text), attempts, signed");

    private final EntityManager em;
    private final DataSource dataSource;

    WebhookInboxRepository(EntityManager em, DataSource dataSource) {
        this.em = em;
        this.dataSource = dataSource;
    }

    /**
     * Inserts the rows in one statement on an auto-commit connection of its own (committed on return); the keys
     * ({@link Row#key()}) of those inserted, the others being redeliveries.
     */
    Set<String> insert(List<Row> rows) throws SQLException {
        int n = rows.size();
        String[][] columns = new String[12][n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            WebhookDelivery d = row.delivery();
            columns[0][i] = row.project();
            columns[1][i] = row.dedupeKey();
            columns[2][i] = d.eventType();
            columns[3][i] = d.issueId();
            columns[4][i] = d.issueKey();
            columns[5][i] = d.changelogId();
            columns[6][i] = d.timestamp() == null ? null : d.timestamp().toString();
            columns[7][i] = row.payload();
            columns[8][i] = row.state().db();
            columns[9][i] = d.ignoreReason();
            columns[10][i] = row.digest();
            columns[11][i] = Boolean.toString(row.signed());
        }
        Set<String> inserted = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(INSERT)) {
            if (!connection.getAutoCommit()) {
                throw new IllegalStateException("The inbox writer needs an auto-commit connection");
            }
            for (int c = 0; c < columns.length; c++) {
                Array array = connection.createArrayOf("text", columns[c]);
                statement.setArray(c + 1, array);
            }
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    inserted.add(r.getString(1) + "\n" + r.getString(2));
                }
            }
        }
        return inserted;
    }

    /** Claims up to {@code limit} due pending deliveries for {@code lease}, one more attempt each, in no order. */
    @SuppressWarnings("unchecked")
    List<InboxService.Claimed> claim(int limit, Duration lease) {
        List<Object[]> rows = em.createNativeQuery(CLAIM).setParameter("limit", limit)
                .setParameter("lease", lease.toSeconds() + " seconds").getResultList();
        return rows.stream()
                .map(r -> new InboxService.Claimed(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                        (String) r[3], (String) r[4], instant(r[5]), (String) r[6], ((Number) r[7]).intValue(),
                        Boolean.TRUE.equals(r[8])))
                .toList();
    }

    void finish(long id, DeliveryState state, String reason) {
        em.createNativeQuery("""
                update webhook_inbox set state = ?2, reason = ?3, processed_at = now() where id = ?1""")
                .setParameter(1, id).setParameter(2, state.db()).setParameter(3, reason).executeUpdate();
    }

    /** A claimed delivery that was not begun, due again now and its claim's attempt taken back. */
    void release(long id) {
        em.createNativeQuery("""
                update webhook_inbox set next_attempt_at = now(), attempts = greatest(attempts - 1, 0)
                where id = ?1 and state = 'pending'""")
                .setParameter(1, id).executeUpdate();
    }

    void retryLater(long id, String reason, Duration delay) {
        em.createNativeQuery("""
                update webhook_inbox set reason = ?2, next_attempt_at = now() + cast(?3 as interval) where id = ?1""")
                .setParameter(1, id).setParameter(2, reason).setParameter(3, delay.toMillis() + " milliseconds")
                .executeUpdate();
    }

    /**
     * Deletes up to {@code limit} applied or ignored deliveries processed more than {@code age} ago, skipping locked
     * ones; how many. Pending and failed deliveries stay, and the per-issue watermark (its own table) still keeps
     * a late redelivery of a pruned one from changing anything.
     */
    int deleteProcessed(Duration age, int limit) {
        return em.createNativeQuery("""
                delete from webhook_inbox where id in (
                    select id from webhook_inbox
                    where state in ('applied', 'ignored') and processed_at < now() - cast(?1 as interval)
                    limit ?2 for update skip locked)""")
                .setParameter(1, age.toSeconds() + " seconds").setParameter(2, limit).executeUpdate();
    }

    /**
     * The inbox at a glance for the metrics: deliveries by state, the age in seconds of the oldest pending one (0 when
     * none) and the unix time of the newest delivery kept per project.
     */
    record Summary(Map<String, Long> byState, long oldestPendingSeconds, Map<String, Long> lastReceived) {
    }

    /** One grouped pass over the inbox (as the outbox's gauges do over its tasks). */
    @SuppressWarnings("unchecked")
    Summary summary() {
        List<Object[]> rows = em.createNativeQuery("""
                select project, state, count(*), extract(epoch from max(received_at)),
                       extract(epoch from now() - min(received_at))
                from webhook_inbox group by project, state""").getResultList();
        Map<String, Long> byState = new HashMap<>();
        Map<String, Long> lastReceived = new HashMap<>();
        long oldestPending = 0;
        for (Object[] r : rows) {
            String state = (String) r[1];
            byState.merge(state, ((Number) r[2]).longValue(), Long::sum);
            lastReceived.merge((String) r[0], ((Number) r[3]).longValue(), Math::max);
            if (DeliveryState.PENDING.db().equals(state)) {
                oldestPending = Math.max(oldestPending, ((Number) r[4]).longValue());
            }
        }
        return new Summary(byState, oldestPending, lastReceived);
    }

    /** Deliveries applied per minute since {@code since}: minute (epoch seconds) to count. */
    @SuppressWarnings("unchecked")
    Map<Long, Long> appliedPerMinute(Instant since) {
        List<Object[]> rows = em.createNativeQuery("""
                select cast(extract(epoch from date_trunc('minute', processed_at)) as bigint), count(*) from webhook_inbox
                where state = 'applied' and processed_at >= ?1 group by 1""")
                .setParameter(1, java.sql.Timestamp.from(since)).getResultList();
        Map<Long, Long> perMinute = new HashMap<>();
        rows.forEach(r -> perMinute.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
        return perMinute;
    }

    /** When the newest delivery kept arrived, per project, for these projects (one per line). */
    @SuppressWarnings("unchecked")
    Map<String, Instant> lastReceivedByProject(String projects) {
        List<Object[]> rows = em.createNativeQuery("""
                select p.project, (select max(w.received_at) from webhook_inbox w where w.project = p.project)
                from unnest(string_to_array(?1, E'\\n')) as p(project)""").setParameter(1, projects).getResultList();
        Map<String, Instant> newest = new HashMap<>();
        rows.stream().filter(r -> r[1] != null).forEach(r -> newest.put((String) r[0], instant(r[1])));
        return newest;
    }

    /** When the newest delivery kept for {@code project} arrived; empty when none is kept. */
    Optional<Instant> lastReceived(String project) {
        Object newest = em.createNativeQuery("select max(received_at) from webhook_inbox where project = ?1")
                .setParameter(1, project).getSingleResult();
        return Optional.ofNullable(instant(newest));
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return Instant.parse(value.toString());
    }
}
