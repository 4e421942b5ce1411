package io.jirasync.queue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.quarkus.logging.Log;

/**
 * Group commit, shared by the intakes that must not answer before their row is durable (webhook inbox, ingest
 * staging): a request hands its item to the one writer thread of the replica and waits; the writer takes every
 * item waiting (up to a group's size), writes the group with one statement on an auto-commit connection, and
 * completes each request only after that commit. The owner starts it from its {@code @PostConstruct} and stops it
 * from its {@code @PreDestroy}.
 *
 * @param <T> what a request hands over (a row)
 * @param <R> what the request gets back once its row is written
 */
public final class GroupCommit<T, R> {

    /** An item waiting for the writer, and the request waiting for its outcome. */
    public record Pending<T, R>(T item, CompletableFuture<R> done) {
    }

    /** One statement for the items, committed on return; the outcome of each, in their order. */
    @FunctionalInterface
    public interface Statement<T, R> {
        List<R> write(List<T> items) throws SQLException;
    }

    private final String name;
    private final String what;
    private final int maxGroup;
    private final long waitSeconds;
    private final Consumer<List<Pending<T, R>>> writeGroup;
    private final BlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    /**
     * {@code name} names the writer thread, {@code what} the item in messages ("a webhook delivery"); a request
     * waits up to {@code waitSeconds} for its commit. {@code writeGroup} writes a group and completes each of its
     * items (usually with {@link #inOneStatement}); what it throws fails the items it left open.
     */
    public GroupCommit(String name, String what, int maxGroup, long waitSeconds,
            Consumer<List<Pending<T, R>>> writeGroup) {
        this.name = name;
        this.what = what;
        this.maxGroup = maxGroup;
        this.waitSeconds = waitSeconds;
        this.writeGroup = writeGroup;
    }

    /** Starts the writer thread. */
    public void start() {
        running = true;
        writer = new Thread(this::writeLoop, name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Stops the writer (waiting up to 10 s for the group it writes) and fails the requests still waiting. */
    public void stop() throws InterruptedException {
        running = false;
        writer.interrupt();
        writer.join(TimeUnit.SECONDS.toMillis(10));
        List<Pending<T, R>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("The worker is stopping")));
    }

    /** Hands the item to the writer and returns its outcome once its group is committed. */
    public R submit(T item) {
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        if (!running) {
            throw new IllegalStateException("The worker is stopping");
        }
        queue.add(pending);
        try {
            return pending.done().get(waitSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Storing " + what + " took more than " + waitSeconds + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("Storing " + what + " failed: " + e.getCause(), e.getCause());
        }
    }

    private void writeLoop() {
        List<Pending<T, R>> group = new ArrayList<>(maxGroup);
        while (running) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(group, maxGroup - 1);
            try {
                writeGroup.accept(group);
            } catch (RuntimeException | Error e) {
                group.forEach(p -> p.done().completeExceptionally(e));
            }
            group.clear();
        }
    }

    /**
     * Writes the items with one statement and completes each with its outcome; when the database refuses the
     * group's data, writes each alone, so that a row it refuses fails only its own request.
     */
    public void inOneStatement(List<Pending<T, R>> group, Statement<T, R> statement) {
        try {
            complete(group, statement);
        } catch (SQLException e) {
            if (group.size() == 1 || !refusedData(e)) {
                group.forEach(p -> p.done().completeExceptionally(failed(e)));
                return;
            }
            Log.warnf("A group of %d rows (%s) was refused (%s); writing them one by one", group.size(), name,
                    e.getMessage());
            for (Pending<T, R> p : group) {
                try {
                    complete(List.of(p), statement);
                } catch (SQLException alone) {
                    p.done().completeExceptionally(failed(alone));
                }
            }
        }
    }

    private void complete(List<Pending<T, R>> group, Statement<T, R> statement) throws SQLException {
        List<R> outcomes = statement.write(group.stream().map(Pending::item).toList());
        for (int i = 0; i < group.size(); i++) {
            group.get(i).done().complete(outcomes.get(i));
        }
    }

    private IllegalStateException failed(SQLException e) {
        return new IllegalStateException("Storing " + what + " failed: " + e.getMessage(), e);
    }

    /** A data exception or constraint violation (SQLSTATE 22, 23): the rows, not the database, are at fault. */
    private static boolean refusedData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
