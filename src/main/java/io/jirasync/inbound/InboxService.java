package io.jirasync.inbound;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The inbox's processing side: claiming pending deliveries under a lease and recording how each ended. */
@ApplicationScoped
public class InboxService {

    /** A claimed delivery. */
    public record Claimed(long id, String project, String eventType, String issueId, String issueKey,
            Instant deliveryTimestamp, String payload, int attempts) {
    }

    private final EntityManager em;

    InboxService(EntityManager em) {
        this.em = em;
    }

    /**
     * Claims up to {@code limit} due pending deliveries for {@code lease}: {@code FOR UPDATE SKIP LOCKED}, so
     * replicas take different rows, and a replica that dies leaves its rows to be taken again after the lease.
     * Returned oldest delivery first, so one issue's deliveries are applied in Jira's order where it matters.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Claimed> claim(int limit, Duration lease) {
        List<Object[]> rows = em.createNativeQuery("""
                update webhook_inbox set attempts = attempts + 1, next_attempt_at = now() + cast(?2 as interval)
                where id in (select id from webhook_inbox where state = 'pending' and next_attempt_at <= now()
                             order by next_attempt_at, id limit ?1 for update skip locked)
                returning id, project, event_type, issue_id, issue_key, delivery_timestamp, cast(payload as text),
                          attempts""")
                .setParameter(1, limit).setParameter(2, lease.toSeconds() + " seconds")
                .getResultList();
        return rows.stream()
                .map(r -> new Claimed(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                        (String) r[4], InboundApplier.instant(r[5]), (String) r[6], ((Number) r[7]).intValue()))
                .sorted(Comparator.comparing(Claimed::deliveryTimestamp, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Claimed::id))
                .toList();
    }

    /** Records the end of a delivery: {@code applied}, {@code ignored} or {@code failed}, with the sentence. */
    @Transactional
    public void finish(long id, String state, String reason) {
        em.createNativeQuery("""
                update webhook_inbox set state = ?2, reason = ?3, processed_at = now() where id = ?1""")
                .setParameter(1, id).setParameter(2, state).setParameter(3, reason).executeUpdate();
    }

    /** Puts a delivery back for another attempt after {@code delay}. */
    @Transactional
    public void retryLater(long id, String reason, Duration delay) {
        em.createNativeQuery("""
                update webhook_inbox set reason = ?2, next_attempt_at = now() + cast(?3 as interval) where id = ?1""")
                .setParameter(1, id).setParameter(2, reason).setParameter(3, delay.toMillis() + " milliseconds")
                .executeUpdate();
    }
}
