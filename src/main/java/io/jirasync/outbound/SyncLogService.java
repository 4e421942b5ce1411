package io.jirasync.outbound;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The sync log: one line per attempt or decision, in both directions, each with a sentence. */
@ApplicationScoped
public class SyncLogService {

    /** One line of the sync log as the API shows it. */
    public record Entry(long id, OffsetDateTime at, String fingerprint, Long taskId, String taskKind, String taskState,
            String direction, String action, String outcome, String message, Integer jiraStatus, String jiraKey) {
    }

    private final EntityManager em;

    SyncLogService(EntityManager em) {
        this.em = em;
    }

    /** Writes one line, in the caller's transaction (or its own). */
    @Transactional
    public void record(String project, String fingerprint, Long taskId, String direction, String action,
            String outcome, String message, Integer jiraStatus, String jiraKey) {
        em.createNativeQuery("""
                insert into sync_log (project, fingerprint, task_id, direction, action, outcome, message, jira_status, jira_key)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, taskId)
                .setParameter(4, direction).setParameter(5, action).setParameter(6, outcome)
                .setParameter(7, message).setParameter(8, jiraStatus).setParameter(9, jiraKey)
                .executeUpdate();
    }

    /** Newest first; {@code fingerprint} and {@code beforeId} are optional filters. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Entry> recent(String project, String fingerprint, Long beforeId, int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                select l.id, l.at, l.fingerprint, l.task_id, t.kind, t.state, l.direction, l.action, l.outcome,
                       l.message, l.jira_status, l.jira_key
                from sync_log l left join sync_task t on t.id = l.task_id
                where l.project = ?1 and (cast(?2 as varchar) is null or l.fingerprint = ?2)
                  and (cast(?3 as bigint) is null or l.id < ?3)
                order by l.id desc limit ?4""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, beforeId)
                .setParameter(4, limit)
                .getResultList();
        return rows.stream().map(r -> new Entry(((Number) r[0]).longValue(), toOffset(r[1]), (String) r[2],
                r[3] == null ? null : ((Number) r[3]).longValue(), (String) r[4], (String) r[5], (String) r[6],
                (String) r[7], (String) r[8], (String) r[9], r[10] == null ? null : ((Number) r[10]).intValue(),
                (String) r[11])).toList();
    }

    static OffsetDateTime toOffset(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        return value == null ? null : OffsetDateTime.parse(value.toString());
    }
}
