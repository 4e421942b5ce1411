package io.jirasync.security;

import java.util.List;

/** The roles a bearer token can carry; each includes what the ones before it may do. */
public final class Roles {
    /** Sends error events, nothing else. */
    public static final String INGEST = "ingest";
    /** Sends error events, reads fingerprints, changes them (PATCH) and creates, links and unlinks their tickets. */
    public static final String TRACKER = "tracker";
    /** Everything: configures integrations, reads the sync log, and all a tracker token may do. */
    public static final String ADMIN = "admin";

    /** From the least to the most a token may do, the order in which sentences name them. */
    public static final List<String> ALL = List.of(INGEST, TRACKER, ADMIN);

    private Roles() {
    }
}
