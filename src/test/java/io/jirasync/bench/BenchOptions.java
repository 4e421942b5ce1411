package io.jirasync.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** What the benchmarks share: {@code --name value} options and percentiles of nanosecond samples. */
final class BenchOptions {

    private BenchOptions() {
    }

    /** {@code --name value} pairs as a map. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --name value pairs, got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    /** The p-th percentile of sorted nanosecond samples, in milliseconds. */
    static double percentileMillis(long[] sortedNanos, int p) {
        return sortedNanos.length == 0 ? 0
                : sortedNanos[Math.min(sortedNanos.length - 1, sortedNanos.length * p / 100)] / 1e6;
    }
}
