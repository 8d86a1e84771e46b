package io.partnersignals.topology;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory store without changelog whose range reads walk the map itself. Kafka Streams' in-memory
 * store copies every key of a range into a new set before the first one is read, so a reverse range
 * whose first entry is all that is wanted costs the whole range: replay keeps the history stores here,
 * read at every publication for early warning. Iterators are weakly consistent (a skip list), so
 * writes while one is open do not break it.
 */
final class NavigableMemoryStore implements KeyValueStore<Bytes, byte[]> {

    private final String name;
    private final ConcurrentSkipListMap<Bytes, byte[]> map = new ConcurrentSkipListMap<>();
    private volatile boolean open;

    NavigableMemoryStore(String name) {
        this.name = name;
    }

    /** Supplies these stores, for {@code Stores.keyValueStoreBuilder}. */
    static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new NavigableMemoryStore(name);
            }

            @Override
            public String metricsScope() {
                return "in-memory-navigable";
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // nothing to restore: the store lives as long as its task (replay)
        context.register(root, (key, value) -> { });
        open = true;
    }

    @Override
    public void close() {
        map.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public byte[] get(Bytes key) {
        return map.get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] old = map.get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public byte[] delete(Bytes key) {
        return map.remove(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return iterator(bounded(from, to));
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return iterator(bounded(from, to).descendingMap());
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return iterator(map);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return iterator(map.descendingMap());
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        Bytes from = Bytes.wrap(prefixKeySerializer.serialize(null, prefix));
        Bytes to = Bytes.increment(from);
        return iterator(map.subMap(from, true, to, false));
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    /** From {@code from} to {@code to}, both included, as Kafka's stores read a range; empty when from is after to. */
    private NavigableMap<Bytes, byte[]> bounded(Bytes from, Bytes to) {
        if (from == null && to == null) {
            return map;
        }
        if (from == null) {
            return map.headMap(to, true);
        }
        if (to == null) {
            return map.tailMap(from, true);
        }
        return from.compareTo(to) > 0 ? new ConcurrentSkipListMap<>() : map.subMap(from, true, to, true);
    }

    private static KeyValueIterator<Bytes, byte[]> iterator(NavigableMap<Bytes, byte[]> entries) {
        Iterator<Map.Entry<Bytes, byte[]>> it = entries.entrySet().iterator();
        return new KeyValueIterator<>() {
            private Map.Entry<Bytes, byte[]> next;

            @Override
            public boolean hasNext() {
                if (next == null && it.hasNext()) {
                    next = it.next();
                }
                return next != null;
            }

            @Override
            public KeyValue<Bytes, byte[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                KeyValue<Bytes, byte[]> kv = KeyValue.pair(next.getKey(), next.getValue());
                next = null;
                return kv;
            }

            @Override
            public Bytes peekNextKey() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return next.getKey();
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
