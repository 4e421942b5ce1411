package io.jirasync.console;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The {@code console_session} table: every statement that writes or reads it, in the caller's transaction. */
@ApplicationScoped
public class ConsoleSessionRepository {

    /** A live session's row. */
    record Row(String role, String projects, String csrfToken, String draft) {
    }

    private final EntityManager em;

    ConsoleSessionRepository(EntityManager em) {
        this.em = em;
    }

    void insert(byte[] idHash, String role, String projects, String csrfToken, String draft, Duration idle,
            Duration maxAge) {
        em.createNativeQuery("""
                insert into console_session (id_hash, role, projects, csrf_token, draft, expires_at)
                values (?1, ?2, ?3, ?4, cast(?5 as jsonb), now() + least(cast(?6 as interval), cast(?7 as interval)))""")
                .setParameter(1, idHash).setParameter(2, role).setParameter(3, projects).setParameter(4, csrfToken)
                .setParameter(5, draft).setParameter(6, seconds(idle)).setParameter(7, seconds(maxAge))
                .executeUpdate();
    }

    /**
     * The live session of this id, its expiry moved on by {@code idle} (never past {@code maxAge} after sign-in),
     * in one statement; empty when there is none or it has expired.
     */
    @SuppressWarnings("unchecked")
    Optional<Row> touch(byte[] idHash, Duration idle, Duration maxAge) {
        List<Object[]> rows = em.createNativeQuery("""
                update console_session
                set last_seen_at = now(),
                    expires_at = least(now() + cast(?2 as interval), created_at + cast(?3 as interval))
                where id_hash = ?1 and expires_at > now()
                returning role, projects, csrf_token, cast(draft as text)""")
                .setParameter(1, idHash).setParameter(2, seconds(idle)).setParameter(3, seconds(maxAge))
                .getResultList();
        return rows.stream().findFirst()
                .map(r -> new Row((String) r[0], (String) r[1], (String) r[2], (String) r[3]));
    }

    /** Forgets the draft kept across a sign-in once a page has read it. */
    void clearDraft(byte[] idHash) {
        em.createNativeQuery("update console_session set draft = null where id_hash = ?1 and draft is not null")
                .setParameter(1, idHash).executeUpdate();
    }

    void delete(byte[] idHash) {
        em.createNativeQuery("delete from console_session where id_hash = ?1").setParameter(1, idHash).executeUpdate();
    }

    /** Deletes up to {@code limit} expired sessions; how many. */
    int deleteExpired(int limit) {
        return em.createNativeQuery("""
                delete from console_session where id_hash in (
                    select id_hash from console_session where expires_at <= now() order by expires_at limit ?1)""")
                .setParameter(1, limit).executeUpdate();
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " seconds";
    }
}
