package io.jirasync.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} admissions per key in any window of {@code windowMillis} (a rolling window, as Atlassian's
 * per-issue limits of 20 writes per 2 s and 100 per 30 s are documented): a calendar second would let two bursts
 * on either side of a second's turn through as one. Only admitted requests count, so once the oldest of them leaves
 * the window the next one is admitted, which is what the 429's {@code Retry-After} promises.
 */
final class RollingLimit {

    private final Map<String, Deque<Long>> admitted = new ConcurrentHashMap<>();

    /** Admits a request for {@code key} at {@code now}: -1, or the epoch millisecond a request will be admitted again. */
    long admit(String key, int limit, long windowMillis, long now) {
        Deque<Long> times = admitted.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                return times.peekFirst() + windowMillis;
            }
            times.addLast(now);
            return -1;
        }
    }

    void clear() {
        admitted.clear();
    }
}
