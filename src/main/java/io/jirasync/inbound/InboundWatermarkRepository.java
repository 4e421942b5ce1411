package io.jirasync.inbound;

import java.sql.Timestamp;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The {@code inbound_watermark} table: per issue, what the inbound side applied last. */
@ApplicationScoped
public class InboundWatermarkRepository {

    private final EntityManager em;

    InboundWatermarkRepository(EntityManager em) {
        this.em = em;
    }

    /** The issue's watermark, row-locked so that replicas apply one issue's changes one after another. */
    Watermark lock(String project, String issueId) {
        em.createNativeQuery("""
                insert into inbound_watermark (project, issue_id) values (?1, ?2)
                on conflict on constraint pk_inbound_watermark do nothing""")
                .setParameter(1, project).setParameter(2, issueId).executeUpdate();
        Object[] row = (Object[]) em.createNativeQuery("""
                select jira_updated, delivery_timestamp, status_foreign_at, assignee_foreign_at from inbound_watermark
                where project = ?1 and issue_id = ?2 for update""")
                .setParameter(1, project).setParameter(2, issueId).getSingleResult();
        return new Watermark(instant(row[0]), instant(row[1]), instant(row[2]), instant(row[3]));
    }

    /**
     * Moves the watermark up to the snapshot's times (never down); {@code foreignStatus}/{@code foreignAssignee}
     * mark that someone else's value of the field was applied now.
     */
    void move(String project, String issueId, Instant updated, Instant deliveryTimestamp, boolean foreignStatus,
            boolean foreignAssignee) {
        em.createNativeQuery("""
                update inbound_watermark set jira_updated = greatest(jira_updated, ?3),
                    delivery_timestamp = greatest(delivery_timestamp, ?4), applied_at = now(),
                    status_foreign_at = case when ?5 then now() else status_foreign_at end,
                    assignee_foreign_at = case when ?6 then now() else assignee_foreign_at end
                where project = ?1 and issue_id = ?2""")
                .setParameter(1, project).setParameter(2, issueId)
                .setParameter(3, updated == null ? null : Timestamp.from(updated))
                .setParameter(4, deliveryTimestamp == null ? null : Timestamp.from(deliveryTimestamp))
                .setParameter(5, foreignStatus).setParameter(6, foreignAssignee)
                .executeUpdate();
    }

    /** Forgets a deleted issue. */
    void delete(String project, String issueId) {
        em.createNativeQuery("delete from inbound_watermark where project = ?1 and issue_id = ?2")
                .setParameter(1, project).setParameter(2, issueId).executeUpdate();
    }

    private static Instant instant(Object value) {
        return WebhookInboxRepository.instant(value);
    }
}
