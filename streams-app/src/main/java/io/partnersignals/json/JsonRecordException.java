package io.partnersignals.json;

/**
 * A JSON object does not match the Avro schema of the record it should become: a missing required
 * field, a wrong type, an unknown field or enum symbol, or a line that is not JSON at all. The
 * message names the field (as a path such as {@code factors[0].value}) and what is wrong with it.
 */
public final class JsonRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public JsonRecordException(String field, String message) {
        super(field == null ? message : "field '" + field + "': " + message);
        this.field = field;
    }

    public JsonRecordException(String message, Throwable cause) {
        super(message, cause);
        this.field = null;
    }

    /** The path of the offending field, or null when the problem is not about one field. */
    public String field() {
        return field;
    }
}
