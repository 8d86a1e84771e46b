package io.partnersignals.registry;

/**
 * The registry could not answer: it refused the connection, timed out, failed (HTTP 5xx), asked to
 * slow down (429), refused the credentials (401, 403), or is not a registry at the configured URL (a
 * 404 without a registry error code). Unlike a {@link SchemaRegistryException} that carries the
 * registry's own answer ("no such schema id", "incompatible schema"), this says nothing about the
 * record or schema at hand: the same call may succeed later, so a valid record must wait for it
 * rather than be refused.
 */
public class RegistryUnavailableException extends SchemaRegistryException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RegistryUnavailableException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }

    /** Never "not found": the registry did not say so. */
    @Override
    public boolean isNotFound() {
        return false;
    }

    /** Whether {@code failure} or any of its causes is a {@link RegistryUnavailableException}. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** The {@link RegistryUnavailableException} in {@code failure}'s causes, or null. */
    public static RegistryUnavailableException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryUnavailableException u) {
                return u;
            }
        }
        return null;
    }
}
