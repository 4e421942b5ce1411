package io.jirasync.fingerprint;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether the ingest staging has room for one more request, without counting the waiting requests for every
 * request: far from the bound ({@code max-staged-requests}), the last count plus what this replica staged since is
 * trusted for {@value #TRUST_MILLIS} ms; at half the bound or more, every request counts again, so the bound stays
 * exact where it matters. Other replicas may stage up to {@value #TRUST_MILLIS} ms of their traffic before this one
 * sees it, which the half of the bound left absorbs.
 */
final class StagingRoom {

    static final long TRUST_MILLIS = 250;

    private final AtomicLong counted = new AtomicLong(-1);
    private final AtomicLong stagedSince = new AtomicLong();
    private volatile long countedAtNanos;

    /** True when fewer than {@code bound} requests wait; {@code waitingUpTo} counts them (up to the bound). */
    boolean hasRoom(int bound, LongSupplier waitingUpTo) {
        long last = counted.get();
        boolean fresh = System.nanoTime() - countedAtNanos < TRUST_MILLIS * 1_000_000;
        if (last < 0 || !fresh || last + stagedSince.get() >= bound / 2) {
            last = waitingUpTo.getAsLong();
            countedAtNanos = System.nanoTime();
            stagedSince.set(0);
            counted.set(last);
        }
        return last + stagedSince.get() < bound;
    }

    /** One more request was staged by this replica. */
    void staged() {
        stagedSince.incrementAndGet();
    }
}
