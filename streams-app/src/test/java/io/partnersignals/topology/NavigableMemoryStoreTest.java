package io.partnersignals.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The replay's history store reads what Kafka Streams' in-memory store reads, for every operation the topology uses. */
class NavigableMemoryStoreTest {

    @Test
    void readsAsKafkasInMemoryStoreAfterTheSameWrites() {
        KeyValueStore<Bytes, byte[]> kafka = init(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("a"),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build());
        KeyValueStore<Bytes, byte[]> navigable = init(Stores.keyValueStoreBuilder(NavigableMemoryStore.supplier("b"),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build());
        Random random = new Random(4);
        for (int i = 0; i < 3_000; i++) {
            Bytes key = key(random);
            int op = random.nextInt(10);
            if (op < 6) {
                byte[] value = {(byte) random.nextInt()};
                kafka.put(key, value);
                navigable.put(key, value);
            } else if (op < 8) {
                assertThat(navigable.delete(key)).isEqualTo(kafka.delete(key));
            } else {
                Bytes other = key(random);
                assertThat(read(navigable.range(key, other))).isEqualTo(read(kafka.range(key, other)));
                assertThat(read(navigable.reverseRange(key, other))).isEqualTo(read(kafka.reverseRange(key, other)));
                assertThat(navigable.get(key)).isEqualTo(kafka.get(key));
            }
        }
        assertThat(read(navigable.all())).isEqualTo(read(kafka.all())).isNotEmpty();
        assertThat(read(navigable.reverseAll())).isEqualTo(read(kafka.reverseAll()));
        assertThat(navigable.approximateNumEntries()).isEqualTo(kafka.approximateNumEntries());
    }

    @Test
    void aWriteWhileAnIteratorIsOpenDoesNotBreakIt() {
        KeyValueStore<Bytes, byte[]> store = init(Stores.keyValueStoreBuilder(NavigableMemoryStore.supplier("s"),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build());
        for (int i = 0; i < 5; i++) {
            store.put(Bytes.wrap(new byte[] {(byte) i}), new byte[] {1});
        }
        List<Bytes> seen = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                Bytes key = it.next().key;
                seen.add(key);
                store.delete(key);
            }
        }
        assertThat(seen).hasSize(5);
        assertThat(store.approximateNumEntries()).isZero();
    }

    private static Bytes key(Random random) {
        byte[] k = new byte[1 + random.nextInt(3)];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) random.nextInt(6);
        }
        return Bytes.wrap(k);
    }

    private static List<String> read(KeyValueIterator<Bytes, byte[]> it) {
        List<String> out = new ArrayList<>();
        try (it) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                out.add(e.key + "=" + e.value[0]);
            }
        }
        return out;
    }

    private static KeyValueStore<Bytes, byte[]> init(KeyValueStore<Bytes, byte[]> store) {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
