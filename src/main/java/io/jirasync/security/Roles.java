package io.jirasync.security;

/** The roles a bearer token can carry. */
public final class Roles {
    /** Configures integrations and reads the sync log. */
    public static final String ADMIN = "admin";
    /** Sends error events and tracker-side changes. */
    public static final String INGEST = "ingest";

    private Roles() {
    }
}
