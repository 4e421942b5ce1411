package io.jirasync.reliability;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The harness's waits, on Awaitility. A wait that runs out returns false instead of throwing, so that the scenario
 * goes on to its own assertions, which say with figures what was missed.
 */
public final class Waits {

    private Waits() {
    }

    /** Polls until the condition holds (exceptions count as "not yet"); false when {@code atMost} ran out first. */
    public static boolean until(Duration atMost, Duration poll, Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(atMost).pollInterval(poll).ignoreExceptions().until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Like {@link #until}, but the condition must then go on holding for {@code during}. */
    public static boolean settles(Duration atMost, Duration poll, Duration during, Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(atMost).pollInterval(poll).during(during).ignoreExceptions().until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
