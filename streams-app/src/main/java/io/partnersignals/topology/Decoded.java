package io.partnersignals.topology;

/**
 * An input record after decoding and validation: either a value, or the reason it was refused
 * together with the original bytes, so that a dead letter loses nothing.
 */
public record Decoded<V>(V value, String partnerId, Exception error, byte[] rawValue) {

    public static <V> Decoded<V> valid(V value, String partnerId) {
        return new Decoded<>(value, partnerId, null, null);
    }

    public static <V> Decoded<V> invalid(Exception error, byte[] rawValue) {
        return new Decoded<>(null, null, error, rawValue);
    }

    public boolean isValid() {
        return error == null;
    }
}
