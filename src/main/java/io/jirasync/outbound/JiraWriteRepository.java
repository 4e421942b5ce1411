package io.jirasync.outbound;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The {@code jira_write} table: what the worker wrote to which ticket field, and when. */
@ApplicationScoped
public class JiraWriteRepository {

    /** The latest value written, or no row: {@code written} is empty for a write that cleared the field. */
    record Latest(Optional<String> written) {
    }

    private final EntityManager em;

    JiraWriteRepository(EntityManager em) {
        this.em = em;
    }

    void insert(JiraWriteLedger.Side side, String project, String fingerprint, String issueKey,
            JiraWriteLedger.Field field, String value) {
        em.createNativeQuery("""
                insert into jira_write (project, fingerprint, issue_key, field, value, side)
                values (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, issueKey)
                .setParameter(4, column(field)).setParameter(5, value).setParameter(6, column(side))
                .executeUpdate();
    }

    /** The latest write to this field of this ticket within {@code window}; empty when there was none. */
    Optional<Latest> latest(JiraWriteLedger.Side side, String project, String issueKey, JiraWriteLedger.Field field,
            Duration window) {
        java.util.List<?> latest = em.createNativeQuery("""
                select value from jira_write
                where project = ?1 and side = ?5 and issue_key = ?2 and field = ?3
                  and written_at >= now() - cast(?4 as interval)
                order by written_at desc limit 1""")
                .setParameter(1, project).setParameter(2, issueKey).setParameter(3, column(field))
                .setParameter(4, window.toMillis() + " milliseconds").setParameter(5, column(side))
                .getResultList();
        return latest.isEmpty() ? Optional.empty()
                : Optional.of(new Latest(Optional.ofNullable(latest.get(0)).map(Object::toString)));
    }

    private static String column(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
