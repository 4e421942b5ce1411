package io.jirasync.fingerprint;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** The tracker-side state of a fingerprint, written in JSON and in the database as its lower-case name. */
public enum FingerprintState {
    OPEN("open"),
    IN_PROGRESS("in_progress"),
    RESOLVED("resolved"),
    IGNORED("ignored");

    private final String wire;

    FingerprintState(String wire) {
        this.wire = wire;
    }

    /** The name used in JSON, query parameters and the {@code state} column. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The state with this wire name, if there is one. */
    public static Optional<FingerprintState> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }

    /** The accepted wire names, for error messages. */
    public static String allowed() {
        return String.join(", ", Arrays.stream(values()).map(FingerprintState::wire).toList());
    }
}
