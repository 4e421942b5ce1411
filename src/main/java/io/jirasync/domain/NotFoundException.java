package io.jirasync.domain;

/** A service was asked for a thing (fingerprint, integration ...) that does not exist; the message says which. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
