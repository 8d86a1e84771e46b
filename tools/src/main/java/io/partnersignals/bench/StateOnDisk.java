package io.partnersignals.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The bytes of the regular files under a Kafka Streams state directory, in total and per store.
 * The layout is {@code <state.dir>/<application.id>/<task>/rocksdb/<store>/...} for key-value stores
 * and {@code <state.dir>/<application.id>/<task>/<store>/<segment>/...} for segmented (window)
 * stores; files directly in a task or application directory (checkpoints, locks, the process
 * metadata) count under {@link #OTHER}.
 *
 * @param totalBytes every regular file under the directory
 * @param storeBytes per store name, summed over tasks, with {@link #OTHER}
 */
public record StateOnDisk(long totalBytes, Map<String, Long> storeBytes) {

    public static final String OTHER = "(checkpoints and metadata)";
    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    public double totalMib() {
        return totalBytes / BYTES_PER_MIB;
    }

    /** Walks {@code stateDir} (of a stopped instance: a running one deletes files under the walk); absent is empty. */
    public static StateOnDisk measure(Path stateDir) {
        Map<String, Long> stores = new TreeMap<>();
        long total = 0;
        if (!Files.isDirectory(stateDir)) {
            return new StateOnDisk(0, stores);
        }
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // deleted meanwhile: it no longer counts
                }
                if (a.isRegularFile()) {
                    total += a.size();
                    stores.merge(store(stateDir.relativize(p)), a.size(), Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + stateDir, e);
        }
        return new StateOnDisk(total, stores);
    }

    /** The store a file belongs to, from its path relative to the state directory. */
    static String store(Path relative) {
        int n = relative.getNameCount();
        // application/task/rocksdb/store/file, or application/task/store/segment/file
        if (n >= 5 && relative.getName(2).toString().equals("rocksdb")) {
            return relative.getName(3).toString();
        }
        if (n >= 4) {
            return relative.getName(2).toString();
        }
        return OTHER;
    }
}
