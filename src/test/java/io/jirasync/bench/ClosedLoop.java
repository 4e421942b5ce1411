package io.jirasync.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that each send one request after another, as fast as the answers come, for a warm-up and then a measured
 * time: the shape of the intake benchmarks (events, webhook deliveries).
 */
final class ClosedLoop {

    /** One request of client {@code client}, its {@code n}-th; true when the server accepted it. */
    interface Request {
        boolean send(HttpClient http, int client, long n) throws Exception;
    }

    /**
     * Latencies of the requests accepted in the measured time (sorted, nanoseconds), its length in seconds, the
     * requests refused in all, and the requests accepted in all (warm-up and the last answers after it included).
     */
    record Result(long[] sortedNanos, double seconds, long refused, long acceptedInAll) {

        double perSecond() {
            return sortedNanos.length / seconds;
        }

        double percentileMillis(int p) {
            return BenchOptions.percentileMillis(sortedNanos, p);
        }
    }

    private ClosedLoop() {
    }

    static Result run(int clients, int warmupSeconds, int seconds, Request request) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong refused = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        List<List<Long>> latencies = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Long> mine = new ArrayList<>();
            latencies.add(mine);
            int client = c;
            running.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                for (long n = 0; !stop.get(); n++) {
                    long start = System.nanoTime();
                    boolean ok = request.send(http, client, n);
                    long took = System.nanoTime() - start;
                    if (!ok) {
                        refused.incrementAndGet();
                    } else {
                        accepted.incrementAndGet();
                        if (measuring.get()) {
                            mine.add(took);
                        }
                    }
                }
                return null;
            }));
        }
        Thread.sleep(warmupSeconds * 1000L);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        long[] all = latencies.stream().flatMap(List::stream).mapToLong(Long::longValue).sorted().toArray();
        return new Result(all, elapsed, refused.get(), accepted.get());
    }
}
