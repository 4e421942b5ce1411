package io.jirasync.jira;

import java.util.function.Supplier;

/**
 * A check the caller wants made right before each request that creates something in Jira leaves (a create,
 * which is never repeated once it may have landed), after every wait for the budget and for pauses: the outbox
 * uses it to confirm that its worker still holds the task, so that a worker whose lease ran out while it waited
 * does not send a create that the worker which took the task over sends too. The check throws to stop the request.
 */
public final class SendFence {

    private static final ThreadLocal<Runnable> FENCE = new ThreadLocal<>();

    private SendFence() {
    }

    /** Runs {@code work} on this thread with {@code fence} checked before each of its creating requests. */
    public static <T> T around(Runnable fence, Supplier<T> work) {
        Runnable outer = FENCE.get();
        FENCE.set(fence);
        try {
            return work.get();
        } finally {
            FENCE.set(outer);
        }
    }

    /** Runs this thread's check, if it has one. */
    static void check() {
        Runnable fence = FENCE.get();
        if (fence != null) {
            fence.run();
        }
    }
}
