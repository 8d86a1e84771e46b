package io.partnersignals.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of this process: one LRU block cache shared by
 * all stores, with memtables charged to it through one write-buffer manager, so that the total stays
 * under {@code rocksdb.memory} however many tasks an instance is given.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** Streams property carrying the total off-heap budget in bytes. */
    public static final String MEMORY_BYTES = "partner.signals.rocksdb.memory.bytes";
    /** Streams property carrying the share of the budget that memtables may use (0-1). */
    public static final String WRITE_BUFFER_SHARE = "partner.signals.rocksdb.write.buffer.share";

    private static final Object LOCK = new Object();
    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        synchronized (LOCK) {
            if (cache == null) {
                long total = Long.parseLong(String.valueOf(configs.getOrDefault(MEMORY_BYTES, 256L << 20)));
                double share = Double.parseDouble(String.valueOf(configs.getOrDefault(WRITE_BUFFER_SHARE, 0.5)));
                // strict capacity off: a full cache evicts rather than failing reads; high-priority pool for index/filter blocks
                cache = new LRUCache(total, -1, false, 0.1);
                writeBufferManager = new WriteBufferManager((long) (total * share), cache);
            }
        }
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write-buffer manager are shared by every store of the process: never closed here
    }
}
