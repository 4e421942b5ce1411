package io.jirasync.inbound;

import java.sql.Timestamp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Stores webhook deliveries in the inbox, once each. */
@ApplicationScoped
public class WebhookInboxService {

    /** What became of a delivery at the door. */
    public enum Outcome { STORED, DUPLICATE, IGNORED }

    private final EntityManager em;

    WebhookInboxService(EntityManager em) {
        this.em = em;
    }

    /**
     * Inserts the delivery unless one with the same dedupe key is already there (a redelivery). Deliveries that
     * cannot matter are stored as {@code ignored} with the reason, so the sync log can say why nothing happened.
     */
    @Transactional
    public Outcome store(String project, String dedupeKey, WebhookDelivery delivery, String payload) {
        boolean ignored = delivery.ignoreReason() != null;
        int inserted = em.createNativeQuery("""
                insert into webhook_inbox (project, dedupe_key, event_type, issue_id, issue_key, changelog_id,
                    delivery_timestamp, payload, state, reason, processed_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, case when ?9 = 'ignored' then now() end)
                on conflict on constraint uq_webhook_inbox_project_dedupe_key do nothing
                """)
                .setParameter(1, project)
                .setParameter(2, dedupeKey)
                .setParameter(3, delivery.eventType())
                .setParameter(4, delivery.issueId())
                .setParameter(5, delivery.issueKey())
                .setParameter(6, delivery.changelogId())
                .setParameter(7, delivery.timestamp() == null ? null : Timestamp.from(delivery.timestamp()))
                .setParameter(8, payload)
                .setParameter(9, ignored ? "ignored" : "pending")
                .setParameter(10, delivery.ignoreReason())
                .executeUpdate();
        if (inserted == 0) {
            return Outcome.DUPLICATE;
        }
        return ignored ? Outcome.IGNORED : Outcome.STORED;
    }
}
