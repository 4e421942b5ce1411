package io.jirasync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one group commit of the webhook inbox and the ingest staging, without Quarkus or a database: requests that
 * wait together are written with one statement, and a row the database refuses fails only its own request.
 */
class GroupCommitUnitTest {

    private final CountDownLatch writing = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService requests = Executors.newCachedThreadPool();
    private final List<List<String>> statements = new CopyOnWriteArrayList<>();
    private final GroupCommit<String, String> commit = new GroupCommit<>("test-writer", "a test row", 8, 5,
            group -> this.commit().inOneStatement(group, this::write));

    private GroupCommit<String, String> commit() {
        return commit;
    }

    /** Upper-cases the rows; "hold" waits for the test, "bad" is refused as a constraint violation would be. */
    private List<String> write(List<String> rows) throws SQLException {
        statements.add(rows);
        if (rows.contains("hold")) {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (rows.contains("bad")) {
            throw new SQLException("bad row", "23514");
        }
        return rows.stream().map(r -> r.toUpperCase(Locale.ROOT)).toList();
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        commit.stop();
        requests.shutdownNow();
    }

    @Test
    void aRefusedRowInAGroupFailsOnlyItsOwnRequest() throws Exception {
        commit.start();
        CompletableFuture<String> held = submit("hold");
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        List<CompletableFuture<String>> answers = List.of(submit("a"), submit("bad"), submit("b"));
        // All three wait together behind the held group, so the writer takes them as one.
        Thread.sleep(300);
        release.countDown();

        assertEquals("HOLD", held.get(5, TimeUnit.SECONDS));
        assertEquals("A", answers.get(0).get(5, TimeUnit.SECONDS));
        assertEquals("B", answers.get(2).get(5, TimeUnit.SECONDS));
        ExecutionException bad = assertThrows(ExecutionException.class, () -> answers.get(1).get(5, TimeUnit.SECONDS));
        assertEquals("Storing a test row failed: bad row", bad.getCause().getMessage());
        // One statement for the group (in the order the requests arrived), then one per row.
        assertEquals(5, statements.size());
        assertEquals(Set.of("a", "bad", "b"), Set.copyOf(statements.get(1)));
        assertEquals(statements.get(1), statements.subList(2, 5).stream().map(rows -> rows.get(0)).toList());
    }

    @Test
    void stoppingFailsWhatWaitsAndRefusesMore() throws Exception {
        commit.start();
        CompletableFuture<String> held = submit("hold");
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        CompletableFuture<String> waiting = submit("late");
        Thread.sleep(300);
        commit.stop();

        ExecutionException stopped = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        assertEquals("The worker is stopping", stopped.getCause().getMessage());
        assertThrows(IllegalStateException.class, () -> commit.submit("after"));
        assertEquals("HOLD", held.get(5, TimeUnit.SECONDS));
    }

    /** A request on a thread of its own, waiting for its row's commit. */
    private CompletableFuture<String> submit(String row) {
        return CompletableFuture.supplyAsync(() -> commit.submit(row), requests);
    }
}
