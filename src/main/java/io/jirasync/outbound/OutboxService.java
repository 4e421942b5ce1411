package io.jirasync.outbound;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;

/**
 * The outbox of sync tasks: enqueueing (one open create per fingerprint, pending updates collapsed into the
 * latest), claiming with {@code FOR UPDATE SKIP LOCKED} under a lease, and recording outcomes in the sync log.
 */
@ApplicationScoped
public class OutboxService {

    private final EntityManager em;
    private final SyncLogService log;
    private final DispatchConfig config;

    OutboxService(EntityManager em, SyncLogService log, DispatchConfig config) {
        this.em = em;
        this.log = log;
        this.config = config;
    }

    /** Queues the creation of a fingerprint's ticket; false when one is already queued or running. */
    @Transactional
    public boolean enqueueCreate(String project, String fingerprint, String payloadJson, String why) {
        List<?> inserted = em.createNativeQuery("""
                insert into sync_task (project, fingerprint, kind, payload) values (?1, ?2, 'create', cast(?3 as jsonb))
                on conflict (project, fingerprint) where kind = 'create' and state in ('pending', 'running') do nothing
                returning id""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, payloadJson)
                .getResultList();
        if (inserted.isEmpty()) {
            return false;
        }
        log.record(project, fingerprint, ((Number) inserted.get(0)).longValue(), "outbound", "create", "queued", why,
                null, null);
        return true;
    }

    /**
     * Queues a transition or an assignment; when one of the same kind is still waiting, its payload is replaced,
     * so only the latest wanted state is ever sent.
     */
    @Transactional
    public void enqueueLatest(String project, String fingerprint, TaskKind kind, String payloadJson, String why) {
        if (kind != TaskKind.TRANSITION && kind != TaskKind.ASSIGN) {
            throw new IllegalArgumentException(kind + " tasks are not collapsed");
        }
        Number id = (Number) em.createNativeQuery("""
                insert into sync_task (project, fingerprint, kind, payload) values (?1, ?2, ?3, cast(?4 as jsonb))
                on conflict (project, fingerprint, kind) where kind in ('transition', 'assign') and state = 'pending'
                do update set payload = excluded.payload, updated_at = now(), attempts = 0, next_attempt_at = now()
                returning id""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, kind.db())
                .setParameter(4, payloadJson)
                .getSingleResult();
        log.record(project, fingerprint, id.longValue(), "outbound", kind.db(), "queued", why, null, null);
    }

    /** Queues a task that is never collapsed (comment, tracker notification). */
    @Transactional
    public long enqueue(String project, String fingerprint, TaskKind kind, String payloadJson, String why) {
        Number id = (Number) em.createNativeQuery("""
                insert into sync_task (project, fingerprint, kind, payload) values (?1, ?2, ?3, cast(?4 as jsonb))
                returning id""")
                .setParameter(1, project).setParameter(2, fingerprint).setParameter(3, kind.db())
                .setParameter(4, payloadJson)
                .getSingleResult();
        log.record(project, fingerprint, id.longValue(), "outbound", kind.db(), "queued", why, null, null);
        return id.longValue();
    }

    /**
     * Claims up to {@code limit} due tasks for this worker: pending ones whose time has come and running ones
     * whose worker's lease ran out (it died). Creates first, then oldest first; never two tasks of one
     * fingerprint at once, so a transition cannot overtake the create or another transition.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<SyncTask> claim(String worker, int limit) {
        List<Number> ids = em.createNativeQuery("""
                select t.id from sync_task t
                where ((t.state = 'pending' and t.next_attempt_at <= now())
                       or (t.state = 'running' and t.lease_until < now()))
                  and not exists (select 1 from sync_task r where r.project = t.project and r.fingerprint = t.fingerprint
                                  and r.state = 'running' and r.lease_until >= now() and r.id <> t.id)
                  and not exists (select 1 from sync_task e where e.project = t.project and e.fingerprint = t.fingerprint
                                  and e.state in ('pending', 'running') and e.id < t.id and e.kind <> 'notify'
                                  and t.kind <> 'notify')
                order by case t.kind when 'create' then 0 else 1 end, t.next_attempt_at, t.id
                limit ?1
                for update of t skip locked""")
                .setParameter(1, limit)
                .getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Long> longIds = ids.stream().map(Number::longValue).toList();
        markRunning(worker, longIds);
        return em.createQuery("from SyncTask where id in (?1) order by case kind when 'create' then 0 else 1 end, id",
                SyncTask.class).setParameter(1, longIds).getResultList();
    }

    /** Claims one task now, due or not (an admin asked); empty when another worker holds it or it is finished. */
    @Transactional
    public java.util.Optional<SyncTask> claimNow(String worker, long taskId) {
        List<?> ids = em.createNativeQuery("""
                select id from sync_task where id = ?1
                  and (state = 'pending' or (state = 'running' and lease_until < now()))
                for update skip locked""").setParameter(1, taskId).getResultList();
        if (ids.isEmpty()) {
            return java.util.Optional.empty();
        }
        markRunning(worker, List.of(taskId));
        return java.util.Optional.of(em.find(SyncTask.class, taskId));
    }

    /** Claims locked tasks for this worker under a fresh lease; one more attempt each. */
    private void markRunning(String worker, List<Long> ids) {
        em.createNativeQuery("""
                update sync_task set state = 'running', attempts = attempts + 1, claimed_by = ?1,
                    lease_until = now() + cast(?2 as interval), updated_at = now()
                where id in (?3)""")
                .setParameter(1, worker).setParameter(2, config.lease().toSeconds() + " seconds")
                .setParameter(3, ids)
                .executeUpdate();
        em.clear();
    }

    /** The open (pending or running) create task of a fingerprint, if any. */
    @Transactional
    public java.util.Optional<Long> openCreate(String project, String fingerprint) {
        return em.createNativeQuery("""
                select id from sync_task where project = ?1 and fingerprint = ?2 and kind = 'create'
                  and state in ('pending', 'running')""")
                .setParameter(1, project).setParameter(2, fingerprint)
                .getResultStream().findFirst().map(id -> ((Number) id).longValue());
    }

    /** A task as it is now. */
    @Transactional
    public java.util.Optional<SyncTask> task(long id) {
        em.clear();
        return java.util.Optional.ofNullable(em.find(SyncTask.class, id));
    }

    /** Records how a run ended: the task's new state, and a sync-log line with the sentence. */
    @Transactional
    public void finish(SyncTask task, TaskOutcome outcome) {
        String state;
        OffsetDateTime next = null;
        Integer status = null;
        String key = null;
        String message = outcome.message();
        String logOutcome;
        if (outcome instanceof TaskOutcome.Done d) {
            state = "done";
            key = d.jiraKey();
            logOutcome = "done";
        } else if (outcome instanceof TaskOutcome.Skipped s) {
            state = "done";
            key = s.jiraKey();
            logOutcome = "skipped";
        } else if (outcome instanceof TaskOutcome.Failed f) {
            state = "failed";
            status = f.status();
            logOutcome = "failed";
        } else {
            TaskOutcome.Retry r = (TaskOutcome.Retry) outcome;
            status = r.status();
            if (!r.reachedJira()) {
                task.attempts--;
            }
            if (task.attempts >= config.maxAttempts()) {
                state = "failed";
                logOutcome = "failed";
                message = "Gave up after " + task.attempts + " attempts; the last one: " + r.message();
            } else {
                state = "pending";
                logOutcome = "retry";
                Duration delay = backoff(task.attempts);
                if (r.notBefore() != null && r.notBefore().compareTo(delay) > 0) {
                    delay = r.notBefore();
                }
                next = OffsetDateTime.now().plus(delay);
                message = r.message() + " Retry " + (task.attempts + 1) + " of " + config.maxAttempts()
                        + " in " + human(delay) + ".";
            }
        }
        int updated = em.createNativeQuery("""
                update sync_task set state = ?2, next_attempt_at = coalesce(?3, next_attempt_at), lease_until = null,
                    attempts = ?8,
                    last_status = ?4, last_error = ?5, jira_key = coalesce(?6, jira_key), updated_at = now(),
                    finished_at = case when ?2 in ('done', 'failed') then now() end
                where id = ?1 and state = 'running' and claimed_by = ?7""")
                .setParameter(1, task.id).setParameter(2, state).setParameter(3, next).setParameter(4, status)
                .setParameter(5, state.equals("done") ? null : message).setParameter(6, key)
                .setParameter(7, task.claimedBy).setParameter(8, task.attempts)
                .executeUpdate();
        if (updated == 0) {
            // Our lease ran out and another worker took the task over: its outcome is the one that counts.
            Log.warnf("Outcome of %s dropped: the task was taken over by another worker", task);
            return;
        }
        log.record(task.project, task.fingerprint, task.id, "outbound", task.kind, logOutcome, message, status,
                key != null ? key : task.jiraKey);
        Log.infof("%s %s: %s", task, logOutcome, message);
    }

    /** Puts a failed task back in the queue with fresh attempts (an admin fixed the cause). */
    @Transactional
    public boolean retry(String project, long taskId) {
        int updated = em.createNativeQuery("""
                update sync_task set state = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now(),
                    finished_at = null
                where id = ?1 and project = ?2 and state = 'failed'""")
                .setParameter(1, taskId).setParameter(2, project).executeUpdate();
        if (updated == 1) {
            SyncTask task = em.find(SyncTask.class, taskId);
            log.record(project, task.fingerprint, taskId, "outbound", task.kind, "queued",
                    "An admin asked for this task to be tried again.", null, null);
        }
        return updated == 1;
    }

    Duration backoff(int attempts) {
        long base = config.backoffBase().toMillis();
        long max = config.backoffMax().toMillis();
        long exp = base << Math.min(Math.max(attempts - 1, 0), 20);
        long capped = Math.min(exp, max);
        // Up to 20% jitter so replicas that failed together do not come back together.
        long jitter = (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.min(capped + jitter, max));
    }

    static String human(Duration d) {
        long s = Math.max(1, (d.toMillis() + 999) / 1000);
        return s < 120 ? s + " s" : String.format(Locale.ROOT, "%.1f min", s / 60.0);
    }
}
