package io.partnersignals.cdc;

/** A row that cannot become a valid record of the contract; the message says why, without the row's key. */
final class InvalidRowException extends RuntimeException {
    InvalidRowException(String message) {
        super(message);
    }
}
