package io.jirasync.outbound;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

import io.jirasync.http.RateLimitHeaders;
import io.jirasync.jira.JiraConfig;
import io.jirasync.jira.JiraException;
import io.jirasync.jira.RequestBudget;
import io.jirasync.jira.SendFence;
import io.jirasync.queue.Stopping;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs due sync tasks. Any number of replicas may run it: tasks are claimed with row locks and a lease, so each
 * runs on one worker at a time, and a task whose worker died is taken over when its lease runs out.
 */
@ApplicationScoped
public class DispatchJob {

    private final OutboxService outbox;
    private final DispatchConfig config;
    private final JiraConfig jiraConfig;
    private final Map<TaskKind, SyncTaskHandler> handlers = new EnumMap<>(TaskKind.class);
    private final String worker;
    private final ExecutorService pool;
    private final Stopping stopping;
    private final AdaptiveConcurrency concurrency;

    DispatchJob(OutboxService outbox, DispatchConfig config, JiraConfig jiraConfig, Instance<SyncTaskHandler> handlers,
            Stopping stopping) {
        this.outbox = outbox;
        this.stopping = stopping;
        this.config = config;
        this.jiraConfig = jiraConfig;
        handlers.forEach(h -> this.handlers.put(h.kind(), h));
        this.worker = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.concurrency = new AdaptiveConcurrency(jiraConfig, config.concurrency());
        AtomicInteger threads = new AtomicInteger();
        // Tasks carry the dispatch run's trace context to the pool's threads. Threads are made as tasks need them, up
        // to the bound; the adaptive limit decides how many run.
        this.pool = Context.taskWrapping(Executors.newFixedThreadPool(Math.max(1, config.concurrency()), r -> {
            Thread thread = new Thread(r, "jira-sync-dispatch-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }));
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /**
     * After {@link Stopping} waited for the running rounds: whatever this worker still holds (a Jira call that
     * outlived {@code quarkus.shutdown.timeout}) goes back to the outbox now instead of when its lease runs out.
     */
    void release(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) ShutdownEvent event) {
        int released = outbox.releaseAll(worker);
        if (released > 0) {
            Log.warnf("%d tasks still running at shutdown went back to the outbox", released);
        }
    }

    @Scheduled(every = "{jira-sync.dispatch.every}", delayed = "{jira-sync.dispatch.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = DispatchDisabled.class)
    void scheduled() {
        // Keep going while there is due work, so a backlog drains at the budget's pace, not one batch per tick.
        while (stopping.round(this::dispatchOnce, 0) > 0) {
            Thread.onSpinWait();
        }
    }

    /**
     * Claims one batch of due tasks and runs them, as many at a time as {@link AdaptiveConcurrency} says (at most
     * {@code concurrency}), each in its own request context; returns how many ran, once all have finished.
     */
    @WithSpan("job dispatch")
    public int dispatchOnce() {
        long claimedAt = System.nanoTime();
        List<SyncTask> tasks = outbox.claim(worker, config.batchSize());
        int limit = concurrency.limit();
        if (tasks.size() <= 1 || limit <= 1) {
            tasks.forEach(task -> runOrRelease(task, claimedAt));
            return tasks.size();
        }
        Semaphore slots = new Semaphore(limit);
        List<Future<?>> running = new ArrayList<>();
        for (SyncTask task : tasks) {
            slots.acquireUninterruptibly();
            running.add(pool.submit(() -> {
                try {
                    runInOwnContext(task, claimedAt);
                } finally {
                    slots.release();
                }
            }));
        }
        RuntimeException first = null;
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (ExecutionException e) {
                // Only the outcome's bookkeeping can fail here (run() turns failures into outcomes): the task stays
                // claimed until its lease runs out, as it would after a crash.
                first = first != null ? first : new IllegalStateException("A dispatched task failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while tasks were running", e);
            }
        }
        if (first != null) {
            throw first;
        }
        return tasks.size();
    }

    /** Tasks run at once now (the adaptive concurrency's current answer). */
    public int concurrencyNow() {
        return concurrency.limit();
    }

    private void runInOwnContext(SyncTask task, long claimedAt) {
        ManagedContext context = Arc.container().requestContext();
        context.activate();
        try {
            runOrRelease(task, claimedAt);
        } finally {
            context.terminate();
        }
    }

    /**
     * Runs a claimed task, or gives it back untouched (its attempt not counted) once the worker is stopping. Times the
     * task's own work (less its budget waits) for the concurrency estimate. {@code claimedAt} ({@link System#nanoTime})
     * is from before the claim: a create is not sent once the lease counted from then has run out.
     */
    void runOrRelease(SyncTask task, long claimedAt) {
        if (stopping.stopping()) {
            outbox.release(task);
            return;
        }
        RequestBudget.takeWaited();
        long start = System.nanoTime();
        TaskOutcome outcome = run(task, claimedAt);
        concurrency.observe(Duration.ofNanos(System.nanoTime() - start).minus(RequestBudget.takeWaited()));
        outbox.finish(task, outcome);
    }

    /** Runs one task now if no other worker holds it (manual "create now"); returns the task as it ended. */
    public java.util.Optional<SyncTask> runNow(long taskId) {
        long claimedAt = System.nanoTime();
        java.util.Optional<SyncTask> claimed = outbox.claimNow(worker, taskId);
        claimed.ifPresent(task -> outbox.finish(task, run(task, claimedAt)));
        return outbox.task(taskId);
    }

    private TaskOutcome run(SyncTask task, long claimedAt) {
        return SendFence.around(new LeaseFence(outbox, task, config.lease(), claimedAt), () -> run(task));
    }

    private TaskOutcome run(SyncTask task) {
        SyncTaskHandler handler = handlers.get(task.taskKind());
        if (handler == null) {
            return new TaskOutcome.Failed("No handler runs " + task.kind + " tasks in this version of jira-sync.", null);
        }
        try {
            return handler.run(task);
        } catch (JiraException e) {
            TaskOutcome outcome = outcomeOf(e);
            if (task.taskKind() == TaskKind.CREATE && outcome instanceof TaskOutcome.Retry r && r.reachedJira()
                    && !Integer.valueOf(429).equals(r.status())
                    && (r.notBefore() == null || r.notBefore().compareTo(config.unknownOutcomeDelay()) < 0)) {
                // The ticket may exist: give Jira's search index time before the marker search of the next attempt.
                return new TaskOutcome.Retry(r.message(), r.status(), config.unknownOutcomeDelay(), true);
            }
            return outcome;
        } catch (RuntimeException e) {
            Log.errorf(e, "Unexpected failure of %s", task);
            return new TaskOutcome.Retry("Unexpected error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ".", null, null, true);
        }
    }

    /** Jira's 429, 5xx and I/O failures are retried (not before Retry-After); other refusals fail the task. */
    TaskOutcome outcomeOf(JiraException e) {
        Integer status = e.status() > 0 ? e.status() : null;
        switch (e.kind()) {
            case CIRCUIT_OPEN:
                // Nothing was sent: wait for the breaker to let a trial call through, without spending an attempt.
                return new TaskOutcome.Retry(e.getMessage(), null, jiraConfig.circuitBreaker().delay(), false);
            case RATE_LIMITED:
                if (e.quotaResetsAt().isPresent()) {
                    return new TaskOutcome.Waiting(e.getMessage(), e.quotaResetsAt().get(), e.quotaPauseStarted());
                }
                return new TaskOutcome.Retry(e.getMessage(), null, null, false);
            case UNREACHABLE:
            case BAD_RESPONSE:
                return new TaskOutcome.Retry(e.getMessage(), status, null, true);
            case HTTP:
                if (e.status() == 429 || e.status() >= 500) {
                    // Includes the creates and comments the client would not repeat itself (unsafeToRepeat): the
                    // outbox repeats them, after the marker search for creates.
                    Duration after = retryAfter(e);
                    return new TaskOutcome.Retry(e.getMessage(), status, after, true);
                }
                return new TaskOutcome.Failed(e.getMessage(), status);
            default:
                return new TaskOutcome.Failed(e.getMessage(), status);
        }
    }

    // Retry-After, or whichever other rate-limit header says when (RateLimit, X-RateLimit-Reset).
    private static Duration retryAfter(JiraException e) {
        Instant now = Instant.now();
        return RateLimitHeaders.read(e.headers(), now).until(now)
                .map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO).orElse(null);
    }

    /** Skips the scheduled runs when {@code jira-sync.dispatch.enabled} is false. */
    @ApplicationScoped
    public static class DispatchDisabled implements Scheduled.SkipPredicate {
        private final DispatchConfig config;

        DispatchDisabled(DispatchConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.enabled();
        }
    }
}
