package io.partnersignals.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * The due index: keys of its in-memory order, the event time at which a partner is next due,
 * big-endian so that byte order is time order (for times from 1970 on), then the partner id; and
 * the value of its store, keyed by partner: that time and whether it is a clean-up only.
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

    /** The store's value: the due time, then 1 for a clean-up only or 0 for a re-score. */
    static byte[] value(long dueAt, boolean cleanUpOnly) {
        return ByteBuffer.allocate(9).putLong(dueAt).put((byte) (cleanUpOnly ? 1 : 0)).array();
    }

    static long dueAt(byte[] value) {
        return ByteBuffer.wrap(value).getLong();
    }

    static boolean cleanUpOnly(byte[] value) {
        return value[8] != 0;
    }
}
