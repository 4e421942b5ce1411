package io.jirasync.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the sandbox's request counter every 100 ms and keeps the highest number of requests seen within any one
 * second: the rate Jira actually received, whatever the workers believe they sent.
 */
public final class RateSampler implements AutoCloseable {

    private record Sample(long nanos, long total) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    public RateSampler(Cluster cluster, Cluster.Node jira) {
        timer.scheduleAtFixedRate(() -> {
            try {
                long total = cluster.counters(jira).path("total").asLong();
                synchronized (samples) {
                    samples.add(new Sample(System.nanoTime(), total));
                }
            } catch (Exception e) {
                // a missed sample only makes a window wider
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** Most requests between two samples at most one second apart. */
    public long peakPerSecond() {
        synchronized (samples) {
            long peak = 0;
            int from = 0;
            for (int to = 0; to < samples.size(); to++) {
                while (samples.get(to).nanos - samples.get(from).nanos > 1_000_000_000L) {
                    from++;
                }
                peak = Math.max(peak, samples.get(to).total - samples.get(from).total);
            }
            return peak;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
