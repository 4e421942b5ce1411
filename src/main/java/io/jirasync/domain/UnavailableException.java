package io.jirasync.domain;

import java.time.Duration;

/** A request the service cannot take now but can later (a queue is full); the message says what to do. */
public class UnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public UnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long the caller should wait before it sends the request again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
