package io.partnersignals.crawler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** Test double: the offsets Connect would have committed, and the partitions the task asked about. */
final class OffsetStorageReaderDouble implements OffsetStorageReader {

    private final Map<Map<String, ?>, Map<String, Object>> offsets = new HashMap<>();
    final List<Collection<? extends Map<String, ?>>> bulkReads = new ArrayList<>();
    final List<Map<String, ?>> singleReads = new ArrayList<>();

    /** The offsets of these records, the latest per partition, as after a commit. */
    static OffsetStorageReaderDouble committed(List<SourceRecord> records) {
        OffsetStorageReaderDouble reader = new OffsetStorageReaderDouble();
        reader.commit(records);
        return reader;
    }

    void commit(List<SourceRecord> records) {
        for (SourceRecord record : records) {
            offsets.put(Map.copyOf(record.sourcePartition()), new HashMap<>(record.sourceOffset()));
        }
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        singleReads.add(partition);
        return offsets.get(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        bulkReads.add(List.copyOf(partitions));
        Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        for (Map<String, T> partition : partitions) {
            if (offsets.containsKey(partition)) {
                result.put(partition, offsets.get(partition));
            }
        }
        return result;
    }
}
