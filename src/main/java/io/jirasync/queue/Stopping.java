package io.jirasync.queue;

import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The worker's graceful stop, shared by the queue workers (outbox dispatcher, inbox processor). On SIGTERM Quarkus
 * first turns readiness DOWN and fires {@link ShutdownDelayInitiatedEvent}: from then on no worker claims new rows,
 * and a claimed row not yet started is released at once. Rounds already running (a Jira call in flight) finish
 * during {@code quarkus.shutdown.delay}; at {@link ShutdownEvent} the stop waits up to {@code quarkus.shutdown.timeout}
 * for the last of them, before the pools and the datasource close.
 */
@ApplicationScoped
public class Stopping {

    private final Duration patience;
    private volatile boolean stopping;
    private int running;

    public Stopping(@ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> timeout) {
        this.patience = timeout.orElse(Duration.ofSeconds(10));
    }

    /** Whether the worker is stopping: claim nothing more, release what was claimed and not begun. */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Runs one round of a queue worker unless the worker is stopping; the stop waits for rounds begun here.
     * Returns what the round returned, or {@code idle} when it did not run.
     */
    public <T> T round(java.util.function.Supplier<T> work, T idle) {
        synchronized (this) {
            if (stopping) {
                return idle;
            }
            running++;
        }
        try {
            return work.get();
        } finally {
            synchronized (this) {
                running--;
                notifyAll();
            }
        }
    }

    void delayBegins(@Observes ShutdownDelayInitiatedEvent event) {
        stop("readiness is DOWN");
    }

    void shutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stop("shutting down");
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (this) {
            while (running > 0 && System.nanoTime() < deadline) {
                try {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (running > 0) {
                Log.warnf("%d queue rounds still running after %s; their rows are released unfinished", running,
                        patience);
            }
        }
    }

    private synchronized void stop(String why) {
        if (!stopping) {
            Log.infof("Stopping (%s): no new tasks or deliveries are claimed; %d rounds finish", why, running);
        }
        stopping = true;
    }
}
