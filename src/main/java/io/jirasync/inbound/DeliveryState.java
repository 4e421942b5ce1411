package io.jirasync.inbound;

import java.util.Locale;

/** Where a stored webhook delivery is; stored as its lower-case name, which the table's check constraint lists. */
public enum DeliveryState {
    /** Waiting to be applied (or claimed under a lease, or waiting for a retry). */
    PENDING,
    /** Applied to its fingerprint (changed it, or it was so already). */
    APPLIED,
    /** Nothing to apply: the reason says why. */
    IGNORED,
    /** Set aside after its last attempt. */
    FAILED;

    /** The value in the {@code state} column. */
    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }
}
