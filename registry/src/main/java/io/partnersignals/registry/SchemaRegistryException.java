package io.partnersignals.registry;

/**
 * A schema registry call failed. When the registry answered, {@link #httpStatus()} and
 * {@link #errorCode()} carry its HTTP status and Confluent {@code error_code} (40401 subject not
 * found, 40403 schema not found, 409 incompatible schema, ...); otherwise both are -1.
 */
public class SchemaRegistryException extends RuntimeException {

    /** Confluent error code: the subject is not registered. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent error code: the schema (by id, or under the subject) is not registered. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Confluent error code: the schema is incompatible with an earlier one of the subject. */
    public static final int INCOMPATIBLE_SCHEMA = 409;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = -1;
        this.errorCode = -1;
    }

    /** HTTP status of the registry's answer, or -1 if there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}, or -1 if there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether the registry answered that the subject or schema does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404 || errorCode == SUBJECT_NOT_FOUND || errorCode == SCHEMA_NOT_FOUND;
    }
}
