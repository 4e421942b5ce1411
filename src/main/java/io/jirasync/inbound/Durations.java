package io.jirasync.inbound;

import java.time.Duration;

/** Durations as the receiver's sentences show them: {@code 1 d}, {@code 2 h}, {@code 5 min}, {@code 1 s}, {@code 250 ms}. */
final class Durations {

    private Durations() {
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms > 0 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + " d";
        }
        if (ms > 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + " h";
        }
        if (ms > 0 && ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        return ms > 0 && ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
