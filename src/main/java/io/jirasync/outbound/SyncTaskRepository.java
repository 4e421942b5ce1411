package io.jirasync.outbound;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.jirasync.queue.WorkQueue;

/** The {@code sync_task} table (the outbox): every statement that reads or writes it, in the caller's transaction. */
@ApplicationScoped
public class SyncTaskRepository {

    /** A queued task: its id and fingerprint. */
    public record Queued(long id, String fingerprint) {
    }

    /** How a finished run leaves a task. */
    record Finish(long id, String claimedBy, TaskState state, int attempts, OffsetDateTime next, Integer status,
            String error, String jiraKey) {
    }

    // Creates first, then oldest first; a running task's lease_until says until when its worker holds it.
    static final WorkQueue QUEUE = new WorkQueue("sync_task", "t.state = 'pending'", "t.next_attempt_at",
            "t.state = 'running' and t.lease_until < now()",
            "case t.kind when 'create' then 0 else 1 end, t.next_attempt_at, t.id",
            "state = 'running', claimed_by = :owner, lease_until = now() + cast(:lease as interval), updated_at = now()");

    // Never two tasks of one fingerprint at once, so a transition cannot overtake the create or another transition.
    private static final String ONE_PER_FINGERPRINT = """
            not exists (select 1 from sync_task r where r.project = t.project and r.fingerprint = t.fingerprint
                        and r.state = 'running' and r.lease_until >= now() and r.id <> t.id)
            and not exists (select 1 from sync_task e where e.project = t.project and e.fingerprint = t.fingerprint
                            and e.state in ('pending', 'running') and e.id < t.id and e.kind <> 'notify'
                            and t.kind <> 'notify')""";

    private static final String CLAIM = QUEUE.leaseSql(QUEUE.due(), ONE_PER_FINGERPRINT, "id");
    private static final String CLAIM_ONE = QUEUE.leaseSql(QUEUE.claimable(), "t.id = :id", "id");

    private final EntityManager em;

    SyncTaskRepository(EntityManager em) {
        this.em = em;
    }

    /** Inserts a create task unless one is open (pending or running) for the fingerprint; its id when inserted. */
    Optional<Long> insertCreate(String project, String fingerprint, String payloadJson) {
        Stream<?> rows = em.createNativeQuery("""
                insert into sync_task (project, fingerprint, kind, payload) values (?1, ?2, 'create', cast(?3 as jsonb))
                on conflict (project, fingerprint) where kind = 'create' and state in ('pending', 'running') do nothing
                returning id""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, payloadJson)
                .getResultStream();
        return rows.findFirst().map(id -> ((Number) id).longValue());
    }

    /** Inserts a transition or assignment, or replaces the payload of the one of that kind still pending. */
    long upsertPending(String project, String fingerprint, TaskKind kind, String payloadJson) {
        Number id = (Number) em.createNativeQuery("""
                insert into sync_task (project, fingerprint, kind, payload) values (?1, ?2, ?3, cast(?4 as jsonb))
                on conflict (project, fingerprint, kind) where kind in ('transition', 'assign') and state = 'pending'
                do update set payload = excluded.payload, updated_at = now(), attempts = 0, next_attempt_at = now()
                returning id""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, kind.db())
                .setParameter(4, payloadJson)
                .getSingleResult();
        return id.longValue();
    }

    /** Inserts a task that is never collapsed. */
    long insert(String project, String fingerprint, TaskKind kind, String payloadJson) {
        Number id = (Number) em.createNativeQuery("""
                insert into sync_task (project, fingerprint, kind, payload) values (?1, ?2, ?3, cast(?4 as jsonb))
                returning id""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, kind.db())
                .setParameter(4, payloadJson)
                .getSingleResult();
        return id.longValue();
    }

    /** Inserts a create task, in one statement, for each of the fingerprints that never had one. */
    @SuppressWarnings("unchecked")
    List<Queued> insertFirstCreates(String project, List<String> fingerprints) {
        List<Object[]> rows = em.createNativeQuery("""
                insert into sync_task (project, fingerprint, kind)
                select ?1, f, 'create' from unnest(string_to_array(?2, E'\\n')) as f
                where not exists (select 1 from sync_task t where t.project = ?1 and t.fingerprint = f
                                  and t.kind = 'create')
                on conflict do nothing
                returning id, fingerprint""")
                .setParameter(1, project).setParameter(2, String.join("\n", fingerprints))
                .getResultList();
        return rows.stream().map(r -> new Queued(((Number) r[0]).longValue(), (String) r[1])).toList();
    }

    /** Claims up to {@code limit} due tasks for {@code worker} under {@code lease}; the tasks, creates first. */
    @SuppressWarnings("unchecked")
    List<SyncTask> claimDue(String worker, Duration lease, int limit) {
        List<Number> ids = em.createNativeQuery(CLAIM).setParameter("limit", limit).setParameter("owner", worker)
                .setParameter("lease", lease.toSeconds() + " seconds").getResultList();
        return load(ids);
    }

    /** Claims one task due or not, unless another worker holds it or it is finished. */
    @SuppressWarnings("unchecked")
    Optional<SyncTask> claimOne(String worker, Duration lease, long id) {
        List<Number> ids = em.createNativeQuery(CLAIM_ONE).setParameter("limit", 1).setParameter("owner", worker)
                .setParameter("lease", lease.toSeconds() + " seconds").setParameter("id", id).getResultList();
        return load(ids).stream().findFirst();
    }

    private List<SyncTask> load(List<Number> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        em.clear();
        return em.createQuery("from SyncTask where id in (?1) order by case kind when 'create' then 0 else 1 end, id",
                SyncTask.class).setParameter(1, ids.stream().map(Number::longValue).toList()).getResultList();
    }

    /** The open (pending or running) create task of a fingerprint. */
    Optional<Long> openCreate(String project, String fingerprint) {
        Stream<?> rows = em.createNativeQuery("""
                select id from sync_task where project = ?1 and fingerprint = ?2 and kind = 'create'
                  and state in ('pending', 'running')""")
                .setParameter(1, project).setParameter(2, fingerprint)
                .getResultStream();
        return rows.findFirst().map(id -> ((Number) id).longValue());
    }

    /** A task as the database has it now. */
    Optional<SyncTask> find(long id) {
        em.clear();
        return Optional.ofNullable(em.find(SyncTask.class, id));
    }

    /** Records a run's end, only while the task is still this claimer's; false when another worker took it over. */
    boolean finish(Finish f) {
        return em.createNativeQuery("""
                update sync_task set state = ?2, next_attempt_at = coalesce(?3, next_attempt_at), lease_until = null,
                    attempts = ?8,
                    last_status = ?4, last_error = ?5, jira_key = coalesce(?6, jira_key), updated_at = now(),
                    finished_at = case when ?2 in ('done', 'failed') then now() end
                where id = ?1 and state = 'running' and claimed_by = ?7""")
                .setParameter(1, f.id()).setParameter(2, f.state().db()).setParameter(3, f.next())
                .setParameter(4, f.status()).setParameter(5, f.error()).setParameter(6, f.jiraKey())
                .setParameter(7, f.claimedBy()).setParameter(8, f.attempts())
                .executeUpdate() == 1;
    }

    /**
     * Extends {@code worker}'s lease on a running task to {@code lease} from now, unless the lease has run out
     * already (another worker may have taken the task over); whether it held.
     */
    boolean renewLease(long id, String worker, Duration lease) {
        return em.createNativeQuery("""
                update sync_task set lease_until = now() + cast(?3 as interval)
                where id = ?1 and state = 'running' and claimed_by = ?2 and lease_until > now()""")
                .setParameter(1, id).setParameter(2, worker).setParameter(3, lease.toSeconds() + " seconds")
                .executeUpdate() == 1;
    }

    /** A claimed task that never ran, back to pending and due now, its claim's attempt taken back. */
    void release(long id, String claimedBy) {
        em.createNativeQuery("""
                update sync_task set state = 'pending', lease_until = null, attempts = greatest(attempts - 1, 0),
                    next_attempt_at = now(), updated_at = now()
                where id = ?1 and state = 'running' and claimed_by = ?2""")
                .setParameter(1, id).setParameter(2, claimedBy).executeUpdate();
    }

    /** Every task {@code worker} is running, back to pending and due now; how many. */
    int releaseAll(String worker) {
        return em.createNativeQuery("""
                update sync_task set state = 'pending', lease_until = null, next_attempt_at = now(), updated_at = now()
                where state = 'running' and claimed_by = ?1""")
                .setParameter(1, worker).executeUpdate();
    }

    /** Puts a failed task back with fresh attempts; false when it is not a failed task of the project. */
    boolean requeueFailed(String project, long id) {
        return em.createNativeQuery("""
                update sync_task set state = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now(),
                    finished_at = null
                where id = ?1 and project = ?2 and state = 'failed'""")
                .setParameter(1, id).setParameter(2, project).executeUpdate() == 1;
    }

    /**
     * Deletes up to {@code limit} done tasks finished more than {@code age} ago, skipping rows another transaction
     * holds; how many. A fingerprint's newest create stays: the rules job queues a fingerprint only while it never
     * had a create task, so pruning it would open a second ticket for a fingerprint an admin unlinked.
     */
    int deleteDone(Duration age, int limit) {
        return em.createNativeQuery("""
                delete from sync_task where id in (
                    select t.id from sync_task t
                    where t.state = 'done' and t.finished_at < now() - cast(?1 as interval)
                      and (t.kind <> 'create' or exists (select 1 from sync_task n where n.project = t.project
                                                         and n.fingerprint = t.fingerprint and n.kind = 'create'
                                                         and n.id > t.id))
                    limit ?2 for update skip locked)""")
                .setParameter(1, age.toSeconds() + " seconds").setParameter(2, limit).executeUpdate();
    }

    /** Tasks by "kind/state". */
    @SuppressWarnings("unchecked")
    Map<String, Long> countsByKindAndState() {
        List<Object[]> rows = em.createNativeQuery("select kind, state, count(*) from sync_task group by kind, state")
                .getResultList();
        return rows.stream().collect(Collectors.toMap(r -> r[0] + "/" + r[1], r -> ((Number) r[2]).longValue()));
    }

    /** Failed tasks per project, for these projects (one per line). */
    @SuppressWarnings("unchecked")
    Map<String, Long> failedByProject(String projects) {
        List<Object[]> rows = em.createNativeQuery("""
                select project, count(*) from sync_task
                where state = 'failed' and project = any(string_to_array(?1, E'\\n')) group by project""")
                .setParameter(1, projects).getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (String) r[0], r -> ((Number) r[1]).longValue()));
    }

    /** The newest ticket a create task opened, per project, for these projects (one per line). */
    @SuppressWarnings("unchecked")
    Map<String, OutboxService.CreatedTicket> lastCreatedByProject(String projects) {
        List<Object[]> rows = em.createNativeQuery("""
                select p.project, c.jira_key, c.finished_at
                from unnest(string_to_array(?1, E'\\n')) as p(project)
                cross join lateral (select t.jira_key, t.finished_at from sync_task t
                                    where t.project = p.project and t.kind = 'create' and t.state = 'done'
                                    order by t.finished_at desc limit 1) c""")
                .setParameter(1, projects).getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (String) r[0],
                r -> new OutboxService.CreatedTicket((String) r[1], SyncLogRepository.toOffset(r[2]))));
    }

    /** Tasks created per minute since {@code since}: minute (epoch seconds) to count, minutes without any absent. */
    @SuppressWarnings("unchecked")
    Map<Long, Long> createdPerMinute(OffsetDateTime since) {
        List<Object[]> rows = em.createNativeQuery("""
                select cast(extract(epoch from date_trunc('minute', finished_at)) as bigint), count(*) from sync_task
                where state = 'done' and kind = 'create' and finished_at >= ?1 group by 1""")
                .setParameter(1, since).getResultList();
        return rows.stream().collect(Collectors.toMap(r -> ((Number) r[0]).longValue(), r -> ((Number) r[1]).longValue()));
    }

    /** How long the oldest due pending task has waited, in seconds (0 when none). */
    long oldestDueSeconds() {
        Number oldest = (Number) em.createNativeQuery("""
                select coalesce(extract(epoch from now() - min(next_attempt_at)), 0) from sync_task
                where state = 'pending' and next_attempt_at <= now()""").getSingleResult();
        return oldest.longValue();
    }
}
