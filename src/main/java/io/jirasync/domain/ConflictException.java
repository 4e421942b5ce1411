package io.jirasync.domain;

/** A change that contradicts what is stored (a ticket linked to another fingerprint ...); the message says how. */
public class ConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String title;

    public ConflictException(String title, String message) {
        super(message);
        this.title = title;
    }

    /** A short name of the conflict ("Conflict", "Already linked"). */
    public String title() {
        return title;
    }
}
