package io.partnersignals.topology;

/** A record that decodes but breaks a rule of the contract; it goes to the dead-letter topic. */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String message) {
        super(message);
    }
}
