package io.partnersignals.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * What a stopped instance left in its key-value stores, read from disk: Kafka Streams 4.3 keeps each
 * RocksDB store's changelog offset in the store itself (an "offsets" column family, with a "status"
 * entry that is 0 after a clean close). Reads a state directory whose instance has exited.
 */
final class StoreOffsets {

    private static final byte[] OFFSETS = "offsets".getBytes(StandardCharsets.UTF_8);

    private StoreOffsets() {
    }

    /**
     * For every {@code <task>/rocksdb/<store>} under {@code appStateDir}: "task/store" to its recorded
     * changelog offset. Fails when a store was not closed cleanly or recorded no offset.
     */
    static Map<String, Long> read(Path appStateDir) throws IOException, RocksDBException {
        RocksDB.loadLibrary();
        Map<String, Long> offsets = new TreeMap<>();
        List<Path> stores;
        try (Stream<Path> dirs = Files.walk(appStateDir, 3)) {
            stores = dirs.filter(d -> d.getParent() != null && d.getParent().getFileName().toString().equals("rocksdb")
                    && Files.isDirectory(d)).sorted().toList();
        }
        for (Path store : stores) {
            String name = store.getParent().getParent().getFileName() + "/" + store.getFileName();
            offsets.put(name, offset(store, name));
        }
        return offsets;
    }

    private static long offset(Path store, String name) throws RocksDBException {
        List<byte[]> families;
        try (Options options = new Options()) {
            families = RocksDB.listColumnFamilies(options, store.toString());
        }
        List<ColumnFamilyDescriptor> descriptors = families.stream().map(ColumnFamilyDescriptor::new).toList();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
             RocksDB db = RocksDB.openReadOnly(options, store.toString(), descriptors, handles)) {
            try {
                ColumnFamilyHandle offsets = null;
                for (int i = 0; i < families.size(); i++) {
                    if (java.util.Arrays.equals(families.get(i), OFFSETS)) {
                        offsets = handles.get(i);
                    }
                }
                if (offsets == null) {
                    throw new AssertionError(name + " has no offsets column family");
                }
                Long status = null;
                Long offset = null;
                try (RocksIterator it = db.newIterator(offsets)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        String key = new String(it.key(), StandardCharsets.UTF_8);
                        if (key.equals("status")) {
                            status = ByteBuffer.wrap(it.value()).getLong();
                        } else if (!key.equals("position")) {
                            offset = ByteBuffer.wrap(it.value()).getLong();
                        }
                    }
                }
                if (status == null || status != 0L) {
                    throw new AssertionError(name + " was not closed cleanly (status " + status + ")");
                }
                if (offset == null) {
                    throw new AssertionError(name + " recorded no changelog offset");
                }
                return offset;
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
    }
}
