package io.partnersignals.topology;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serde of a reference table (partners, competitors): each distinct value is decoded once
 * and the decoded object is handed to every later reader of the same bytes. Scoring looks up the
 * partner's name for every score and the crawl join reads every competitor for every crawl result;
 * decoding those few small records again each time was about 4 % of a replay's CPU.
 *
 * <p>Keyed by the bytes themselves, so a changed record is a new entry and nothing can go stale. The
 * decoded objects are shared: readers must not change them (none does; Avro's generated classes
 * have setters, this is a rule of use). Holds at most {@code capacity} values and starts over when
 * full; safe for the stream threads and the global thread to share.
 */
public final class ReferenceSerde<V> implements Serde<V> {

    private final Serde<V> wire;
    private final int capacity;
    private final Map<Content, V> decoded = new ConcurrentHashMap<>();
    private final Deserializer<V> deserializer = new Remembering();

    public ReferenceSerde(Serde<V> wire, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.wire = wire;
        this.capacity = capacity;
    }

    @Override
    public Serializer<V> serializer() {
        return wire.serializer();
    }

    @Override
    public Deserializer<V> deserializer() {
        return deserializer;
    }

    /** The serde that does the decoding. */
    public Serde<V> wire() {
        return wire;
    }

    /** Distinct values held now (tests). */
    int size() {
        return decoded.size();
    }

    private final class Remembering implements Deserializer<V> {
        @Override
        public V deserialize(String topic, byte[] data) {
            return remembered(topic, data, false);
        }

        /** {@code owned}: the array is this class's own copy and may be kept as it is. */
        private V remembered(String topic, byte[] data, boolean owned) {
            if (data == null) {
                return null; // a tombstone: the partner or competitor is gone
            }
            if (data.length == 0) {
                // not a tombstone (that has no value at all): most likely a producer's bug, so it is refused
                throw new InvalidRecordException("empty value on " + topic + ": a record to delete has no value "
                        + "(a tombstone); an empty one is refused");
            }
            Content key = new Content(data);
            V value = decoded.get(key);
            if (value == null) {
                // decoded first: a record that fails to decode throws and is remembered as nothing
                value = wire.deserializer().deserialize(topic, data);
                if (value != null) {
                    if (decoded.size() >= capacity) {
                        decoded.clear();
                    }
                    // a caller may reuse its array: the key keeps a copy unless the array is already one
                    decoded.put(owned ? key : new Content(data.clone(), key.hash), value);
                }
            }
            return value;
        }

        @Override
        public V deserialize(String topic, Headers headers, byte[] data) {
            return deserialize(topic, data);
        }

        @Override
        public V deserialize(String topic, Headers headers, ByteBuffer data) {
            if (data == null) {
                return deserialize(topic, (byte[]) null);
            }
            // Kafka's consumer hands records over this way; the copy is needed to hash the bytes anyway
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            return remembered(topic, bytes, true);
        }
    }

    /** A value's bytes as a map key. */
    private static final class Content {
        private final byte[] bytes;
        private final int hash;

        Content(byte[] bytes) {
            this(bytes, Arrays.hashCode(bytes));
        }

        Content(byte[] bytes, int hash) {
            this.bytes = bytes;
            this.hash = hash;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Content c && c.hash == hash && Arrays.equals(c.bytes, bytes);
        }
    }
}
