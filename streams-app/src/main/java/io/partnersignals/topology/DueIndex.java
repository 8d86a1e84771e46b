package io.partnersignals.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the due index: the event time at which a partner's score next changes by the passage of
 * time alone, big-endian so that the store's byte order is time order, then the partner id.
 */
final class DueIndex {

    private DueIndex() {
    }

    static Bytes key(long dueAt, String partnerId) {
        byte[] id = partnerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(dueAt).put(id).array());
    }

    static long dueAt(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }

    static String partnerId(Bytes key) {
        byte[] k = key.get();
        return new String(k, 8, k.length - 8, StandardCharsets.UTF_8);
    }
}
