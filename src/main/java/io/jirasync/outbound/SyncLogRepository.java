package io.jirasync.outbound;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The {@code sync_log} table: every statement that writes or reads it, in the caller's transaction. */
@ApplicationScoped
public class SyncLogRepository {

    private final EntityManager em;

    SyncLogRepository(EntityManager em) {
        this.em = em;
    }

    void insert(String project, String fingerprint, Long taskId, String direction, String action, String outcome,
            String message, Integer jiraStatus, String jiraKey) {
        em.createNativeQuery("""
                insert into sync_log (project, fingerprint, task_id, direction, action, outcome, message, jira_status, jira_key)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, taskId)
                .setParameter(4, direction).setParameter(5, action).setParameter(6, outcome)
                .setParameter(7, message).setParameter(8, jiraStatus).setParameter(9, jiraKey)
                .executeUpdate();
    }

    /** One line per task, all with the same action, outcome and sentence, in one statement. */
    void insertForTasks(String project, List<SyncTaskRepository.Queued> tasks, String direction, String action,
            String outcome, String message) {
        if (tasks.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                insert into sync_log (project, fingerprint, task_id, direction, action, outcome, message)
                select ?1, u.fingerprint, u.id, ?4, ?5, ?6, ?7
                from unnest(string_to_array(?2, E'\\n'), cast(string_to_array(?3, ',') as bigint[]))
                     with ordinality as u(fingerprint, id, position)
                order by u.position""")
                .setParameter(1, project)
                .setParameter(2, String.join("\n", tasks.stream().map(SyncTaskRepository.Queued::fingerprint).toList()))
                .setParameter(3, String.join(",", tasks.stream().map(t -> String.valueOf(t.id())).toList()))
                .setParameter(4, direction).setParameter(5, action).setParameter(6, outcome).setParameter(7, message)
                .executeUpdate();
    }

    /** Deletes up to {@code limit} lines written more than {@code age} ago, skipping locked ones; how many. */
    int deleteOlderThan(Duration age, int limit) {
        return em.createNativeQuery("""
                delete from sync_log where id in (
                    select id from sync_log where at < now() - cast(?1 as interval) limit ?2 for update skip locked)""")
                .setParameter(1, age.toSeconds() + " seconds").setParameter(2, limit).executeUpdate();
    }

    /** Newest first; {@code fingerprint} and {@code beforeId} are optional filters. */
    @SuppressWarnings("unchecked")
    List<SyncLogService.Entry> recent(String project, String fingerprint, String direction, String outcome,
            Long beforeId, int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                select l.id, l.at, l.fingerprint, l.task_id, t.kind, t.state, l.direction, l.action, l.outcome,
                       l.message, l.jira_status, l.jira_key
                from sync_log l left join sync_task t on t.id = l.task_id
                where l.project = ?1 and (cast(?2 as varchar) is null or l.fingerprint = ?2)
                  and (cast(?3 as bigint) is null or l.id < ?3)
                  and (cast(?5 as varchar) is null or l.direction = ?5)
                  and (cast(?6 as varchar) is null or l.outcome = ?6)
                order by l.id desc limit ?4""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, beforeId)
                .setParameter(4, limit).setParameter(5, direction).setParameter(6, outcome)
                .getResultList();
        return rows.stream().map(r -> new SyncLogService.Entry(((Number) r[0]).longValue(), toOffset(r[1]),
                (String) r[2], r[3] == null ? null : ((Number) r[3]).longValue(), (String) r[4], (String) r[5],
                (String) r[6], (String) r[7], (String) r[8], (String) r[9],
                r[10] == null ? null : ((Number) r[10]).intValue(), (String) r[11])).toList();
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
