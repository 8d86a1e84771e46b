package io.partnersignals.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the due index: the event time at which a partner's score next changes by the passage of
 * time alone, big-endian so that the store's byte order is time order, then the partner id.
 */
final class DueIndex {

    /** The smallest key there can be (no key sorts before the empty one). */
    static final Bytes FIRST = Bytes.wrap(new byte[0]);

    private DueIndex() {
    }

    static Bytes key(long dueAt, String partnerId) {
        byte[] id = partnerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(dueAt).put(id).array());
    }

    /** The 8 bytes of {@code dueAt} alone: sorts before every key due at {@code dueAt} with a non-empty id. */
    static Bytes prefix(long dueAt) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(dueAt).array());
    }

    static long dueAt(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }

    static String partnerId(Bytes key) {
        byte[] k = key.get();
        return new String(k, 8, k.length - 8, StandardCharsets.UTF_8);
    }
}
