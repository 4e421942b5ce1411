package io.jirasync.outbound;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.jirasync.http.RetryAfter;
import io.jirasync.queue.Backoff;
import io.jirasync.queue.RetryPolicy;
import io.quarkus.logging.Log;

/**
 * The outbox of sync tasks: enqueueing (one open create per fingerprint, pending updates collapsed into the
 * latest), claiming with {@code FOR UPDATE SKIP LOCKED} under a lease, and recording outcomes in the sync log.
 */
@ApplicationScoped
public class OutboxService {

    private final SyncTaskRepository tasks;
    private final SyncLogService log;
    private final DispatchConfig config;
    private final RetryPolicy retries;

    OutboxService(SyncTaskRepository tasks, SyncLogService log, DispatchConfig config) {
        this.tasks = tasks;
        this.log = log;
        this.config = config;
        this.retries = new RetryPolicy(config.maxAttempts(),
                new Backoff(config.backoffBase(), config.backoffMax(), Backoff.Jitter.EQUAL));
    }

    /** Queues the creation of a fingerprint's ticket; false when one is already queued or running. */
    @Transactional
    public boolean enqueueCreate(String project, String fingerprint, String payloadJson, String why) {
        Optional<Long> inserted = tasks.insertCreate(project, fingerprint, payloadJson);
        inserted.ifPresent(id -> log.record(project, fingerprint, id, "outbound", "create", "queued", why, null, null));
        return inserted.isPresent();
    }

    /**
     * Queues the creation of a ticket for each fingerprint that never had a create task (a failed one waits for an
     * admin, an unlinked one stays unlinked), in one statement, each with a sync-log line; returns how many.
     */
    @Transactional
    public int enqueueFirstCreates(String project, List<String> fingerprints, String why) {
        List<SyncTaskRepository.Queued> queued = tasks.insertFirstCreates(project, fingerprints);
        log.recordQueued(project, queued, "create", why);
        return queued.size();
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
        long id = tasks.upsertPending(project, fingerprint, kind, payloadJson);
        log.record(project, fingerprint, id, "outbound", kind.db(), "queued", why, null, null);
    }

    /** Queues a task that is never collapsed (comment, tracker notification). */
    @Transactional
    public long enqueue(String project, String fingerprint, TaskKind kind, String payloadJson, String why) {
        long id = tasks.insert(project, fingerprint, kind, payloadJson);
        log.record(project, fingerprint, id, "outbound", kind.db(), "queued", why, null, null);
        return id;
    }

    /**
     * Claims up to {@code limit} due tasks for this worker: pending ones whose time has come and running ones
     * whose worker's lease ran out (it died). Creates first, then oldest first; never two tasks of one
     * fingerprint at once, so a transition cannot overtake the create or another transition.
     */
    @Transactional
    public List<SyncTask> claim(String worker, int limit) {
        return tasks.claimDue(worker, config.lease(), limit);
    }

    /** Claims one task now, due or not (an admin asked); empty when another worker holds it or it is finished. */
    @Transactional
    public Optional<SyncTask> claimNow(String worker, long taskId) {
        return tasks.claimOne(worker, config.lease(), taskId);
    }

    /** Extends the task's lease from now, unless it ran out already; whether this worker still holds the task. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean renewLease(SyncTask task) {
        return tasks.renewLease(task.id, task.claimedBy, config.lease());
    }

    /** Gives a claimed task that never ran back to the outbox, due now, without counting the attempt. */
    @Transactional
    public void release(SyncTask task) {
        tasks.release(task.id, task.claimedBy);
    }

    /**
     * Gives every task {@code worker} still runs back to the outbox, due now (at shutdown); the attempt counts,
     * since its Jira call may have been sent (a create then looks for its marker first). How many.
     */
    @Transactional
    public int releaseAll(String worker) {
        return tasks.releaseAll(worker);
    }

    /** The open (pending or running) create task of a fingerprint, if any. */
    @Transactional
    public Optional<Long> openCreate(String project, String fingerprint) {
        return tasks.openCreate(project, fingerprint);
    }

    /** Deletes one batch of done tasks older than {@code age} (a fingerprint's newest create stays); how many. */
    @Transactional
    public int pruneDone(Duration age, int limit) {
        return tasks.deleteDone(age, limit);
    }

    /** A task as it is now. */
    @Transactional
    public Optional<SyncTask> task(long id) {
        return tasks.find(id);
    }

    /** Records how a run ended: the task's new state, and a sync-log line with the sentence. */
    @Transactional
    public void finish(SyncTask task, TaskOutcome outcome) {
        if (outcome instanceof TaskOutcome.Waiting w) {
            await(task, w);
            return;
        }
        Ending end = ending(task, outcome);
        task.attempts = end.attempts();
        boolean recorded = tasks.finish(new SyncTaskRepository.Finish(task.id, task.claimedBy, end.state(),
                end.attempts(), end.next(), end.status(), end.state() == TaskState.DONE ? null : end.message(),
                end.jiraKey()));
        if (!recorded) {
            // Our lease ran out and another worker took the task over: its outcome is the one that counts.
            Log.warnf("Outcome of %s dropped: the task was taken over by another worker", task);
            return;
        }
        log.record(task.project, task.fingerprint, task.id, "outbound", task.kind, end.logOutcome(), end.message(),
                end.status(), end.jiraKey() != null ? end.jiraKey() : task.jiraKey);
        Log.infof("%s %s: %s", task, end.logOutcome(), end.message());
    }

    // Back to pending until the quota resets, attempts as they were (this run sent nothing or was refused before
    // Jira did anything). One sync-log line for the whole pause, not one per task.
    private void await(SyncTask task, TaskOutcome.Waiting waiting) {
        int attempts = task.attempts - 1;
        boolean recorded = tasks.finish(new SyncTaskRepository.Finish(task.id, task.claimedBy, TaskState.PENDING,
                attempts, OffsetDateTime.ofInstant(waiting.until(), java.time.ZoneOffset.UTC), 429,
                waiting.message(), null));
        task.attempts = attempts;
        if (recorded && waiting.announce()) {
            log.record(task.project, null, null, "outbound", "rate-limit", "paused", waiting.message() + ".", 429,
                    null);
        }
        Log.debugf("%s waits for the Jira quota until %s", task, waiting.until());
    }

    /** What an outcome makes of a task: its state, attempts, next attempt, and the sync-log line. */
    private record Ending(TaskState state, String logOutcome, String message, int attempts, OffsetDateTime next,
            Integer status, String jiraKey) {
    }

    private Ending ending(SyncTask task, TaskOutcome outcome) {
        if (outcome instanceof TaskOutcome.Done d) {
            return new Ending(TaskState.DONE, "done", d.message(), task.attempts, null, null, d.jiraKey());
        }
        if (outcome instanceof TaskOutcome.Skipped s) {
            return new Ending(TaskState.DONE, "skipped", s.message(), task.attempts, null, null, s.jiraKey());
        }
        if (outcome instanceof TaskOutcome.Failed f) {
            return new Ending(TaskState.FAILED, "failed", f.message(), task.attempts, null, f.status(), null);
        }
        TaskOutcome.Retry r = (TaskOutcome.Retry) outcome;
        // A run that sent nothing (open breaker, budget wait) does not count as an attempt.
        int attempts = r.reachedJira() ? task.attempts : task.attempts - 1;
        Optional<Duration> backoff = retries.next(attempts);
        if (backoff.isEmpty()) {
            return new Ending(TaskState.FAILED, "failed", "Gave up after " + attempts + " attempts; the last one: "
                    + r.message(), attempts, null, r.status(), null);
        }
        Duration delay = r.notBefore() != null && r.notBefore().compareTo(backoff.get()) > 0 ? r.notBefore()
                : backoff.get();
        return new Ending(TaskState.PENDING, "retry", r.message() + " Retry " + (attempts + 1) + " of "
                + config.maxAttempts() + " in " + human(delay) + ".", attempts, OffsetDateTime.now().plus(delay),
                r.status(), null);
    }

    /** The newest ticket a create task opened: its key and when. */
    public record CreatedTicket(String key, OffsetDateTime at) {
    }

    /** The outbox now: tasks waiting, running and failed, and how long the oldest due one has waited. */
    public record Backlog(long pending, long running, long failed, long oldestDueSeconds) {
    }

    /** The outbox now, over every project. */
    @Transactional
    public Backlog backlog() {
        Map<String, Long> counts = tasks.countsByKindAndState();
        return new Backlog(sum(counts, TaskState.PENDING), sum(counts, TaskState.RUNNING), sum(counts, TaskState.FAILED),
                tasks.oldestDueSeconds());
    }

    private static long sum(Map<String, Long> byKindAndState, TaskState state) {
        return byKindAndState.entrySet().stream().filter(e -> e.getKey().endsWith("/" + state.db()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Tickets created per minute since {@code since}: the minute's start (epoch seconds) to how many. */
    @Transactional
    public Map<Long, Long> ticketsCreatedPerMinute(OffsetDateTime since) {
        return tasks.createdPerMinute(since);
    }

    /** Failed tasks per project (projects without any are absent). */
    @Transactional
    public Map<String, Long> failedTasks(List<String> projects) {
        return projects.isEmpty() ? Map.of() : tasks.failedByProject(String.join("\n", projects));
    }

    /** The newest ticket created per project (projects without any are absent). */
    @Transactional
    public Map<String, CreatedTicket> lastTickets(List<String> projects) {
        return projects.isEmpty() ? Map.of() : tasks.lastCreatedByProject(String.join("\n", projects));
    }

    /** Puts a failed task back in the queue with fresh attempts (an admin fixed the cause). */
    @Transactional
    public boolean retry(String project, long taskId) {
        if (!tasks.requeueFailed(project, taskId)) {
            return false;
        }
        SyncTask task = tasks.find(taskId).orElseThrow();
        log.record(project, task.fingerprint, taskId, "outbound", task.kind, "queued",
                "An admin asked for this task to be tried again.", null, null);
        return true;
    }

    static String human(Duration d) {
        long s = RetryAfter.seconds(d);
        return s < 120 ? s + " s" : String.format(Locale.ROOT, "%.1f min", s / 60.0);
    }
}
