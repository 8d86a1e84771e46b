package io.partnersignals.runtime;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.HeadersBytesStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The DSL's RocksDB stores, except that a window store keeps its changelog offset in a checkpoint
 * file of its task directory ({@code .checkpoint_<store>}, written on a clean close) rather than in
 * its segments.
 *
 * <p>Why: in Kafka Streams 4.3 a RocksDB store records its changelog offset inside itself, and a
 * segmented (window) store inside each of its segments. A window store with no live segment (the
 * harmful-ask join of a task that had no such request within the join window, or whose segments all
 * expired) therefore has no offset after a clean stop; under exactly_once_v2 Kafka Streams then
 * takes the whole task for corrupted ("did not find checkpoint offsets while stores are not empty"),
 * wipes it and restores every store of the task from the changelogs, on every restart. A store that
 * says it does not manage its offsets gets Kafka Streams' file checkpoint instead, which is written
 * on close whatever the store holds, and deleted when the store is opened again under exactly-once,
 * so a crash still leads to a full restore of that task.
 */
public final class CheckpointedWindowStores extends BuiltInDslStoreSuppliers.RocksDBDslStoreSuppliers {

    @Override
    public WindowBytesStoreSupplier windowStore(DslWindowParams params) {
        WindowBytesStoreSupplier rocks = super.windowStore(params);
        return new WindowBytesStoreSupplier() {
            @Override
            public String name() {
                return rocks.name();
            }

            @Override
            public WindowStore<Bytes, byte[]> get() {
                WindowStore<Bytes, byte[]> store = rocks.get();
                // a timestamped or headers store is recognised by its type: wrapping it would hide that
                return store instanceof TimestampedBytesStore || store instanceof HeadersBytesStore || !store.persistent()
                        ? store : new FileCheckpointed(store);
            }

            @Override
            public String metricsScope() {
                return rocks.metricsScope();
            }

            @Override
            public long segmentIntervalMs() {
                return rocks.segmentIntervalMs();
            }

            @Override
            public long windowSize() {
                return rocks.windowSize();
            }

            @Override
            public boolean retainDuplicates() {
                return rocks.retainDuplicates();
            }

            @Override
            public long retentionPeriod() {
                return rocks.retentionPeriod();
            }
        };
    }

    /** A window store that leaves its changelog offset to Kafka Streams' checkpoint file; the rest is the store's. */
    static final class FileCheckpointed implements WindowStore<Bytes, byte[]> {
        private final WindowStore<Bytes, byte[]> inner;

        FileCheckpointed(WindowStore<Bytes, byte[]> inner) {
            this.inner = inner;
        }

        @Override
        @SuppressWarnings("deprecation")
        public boolean managesOffsets() {
            return false;
        }

        @Override
        public Long committedOffset(TopicPartition partition) {
            return null;
        }

        @Override
        public void commit(Map<TopicPartition, Long> changelogOffsets) {
            inner.commit(changelogOffsets);
        }

        @Override
        @SuppressWarnings("deprecation")
        public void flush() {
            inner.flush();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            inner.init(context, root);
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public boolean persistent() {
            return inner.persistent();
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }

        @Override
        public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
            return inner.query(query, positionBound, config);
        }

        @Override
        public Position getPosition() {
            return inner.getPosition();
        }

        @Override
        public void put(Bytes key, byte[] value, long windowStartTimestamp) {
            inner.put(key, value, windowStartTimestamp);
        }

        @Override
        public byte[] fetch(Bytes key, long time) {
            return inner.fetch(key, time);
        }

        @Override
        public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
            return inner.fetch(key, timeFrom, timeTo);
        }

        @Override
        public WindowStoreIterator<byte[]> fetch(Bytes key, Instant timeFrom, Instant timeTo) {
            return inner.fetch(key, timeFrom, timeTo);
        }

        @Override
        public WindowStoreIterator<byte[]> backwardFetch(Bytes key, long timeFrom, long timeTo) {
            return inner.backwardFetch(key, timeFrom, timeTo);
        }

        @Override
        public WindowStoreIterator<byte[]> backwardFetch(Bytes key, Instant timeFrom, Instant timeTo) {
            return inner.backwardFetch(key, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
            return inner.fetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, Instant timeFrom, Instant timeTo) {
            return inner.fetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, long timeFrom,
                                                                      long timeTo) {
            return inner.backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, Instant timeFrom,
                                                                      Instant timeTo) {
            return inner.backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
            return inner.all();
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
            return inner.backwardAll();
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
            return inner.fetchAll(timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(Instant timeFrom, Instant timeTo) {
            return inner.fetchAll(timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(long timeFrom, long timeTo) {
            return inner.backwardFetchAll(timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(Instant timeFrom, Instant timeTo) {
            return inner.backwardFetchAll(timeFrom, timeTo);
        }
    }
}
