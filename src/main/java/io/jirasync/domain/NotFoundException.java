package io.jirasync.domain;

/** A service was asked for a thing (fingerprint, integration ...) that does not exist; the message says which. */
public class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
