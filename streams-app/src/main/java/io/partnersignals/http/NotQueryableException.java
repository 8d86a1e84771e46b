package io.partnersignals.http;

/** The risk store cannot answer now (rebalancing, restoring, owner unknown or unreachable); retry later. */
public final class NotQueryableException extends RuntimeException {

    public NotQueryableException(String message) {
        super(message);
    }

    public NotQueryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
