package io.partnersignals.runtime;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The state directory is checked before Kafka Streams opens it: one that cannot be created or
 * written, or a volume with less room than {@code state.min-free-space}, stops start-up with a
 * message that names the directory and what to fix, instead of a stream thread failing later in
 * RocksDB. Writing is tried, not inferred from permission bits: root ignores those, a read-only
 * mount or an immutable directory does not.
 */
final class StateDirectoryCheck {

    private StateDirectoryCheck() {
    }

    /** The directory Kafka Streams will use: state.dir, or its own default under java.io.tmpdir. */
    static Path directory(AppConfig config) {
        String dir = config.kafkaProperties().getOrDefault("state.dir", config.get("state.dir"));
        return dir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams") : Path.of(dir);
    }

    /** Creates {@code dir} if needed and checks that it can be written and has {@code minFreeBytes} free. */
    static void check(Path dir, long minFreeBytes) {
        Path absolute = dir.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new AppConfig.ConfigException("state.dir " + absolute + " cannot be created (" + reason(e)
                    + "); point state.dir at a directory this user can create and write, on a local volume");
        }
        try {
            Path probe = Files.createTempFile(absolute, ".write-check-", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new AppConfig.ConfigException("state.dir " + absolute + " cannot be written (" + reason(e)
                    + "); give this user write access to it (or point state.dir elsewhere), and check that its "
                    + "volume is mounted read-write and not full");
        }
        if (minFreeBytes > 0) {
            long free;
            try {
                free = Files.getFileStore(absolute).getUsableSpace();
            } catch (IOException e) {
                throw new AppConfig.ConfigException("state.dir " + absolute + ": cannot read the free space of its volume ("
                        + reason(e) + "); set state.min-free-space=0 to skip this check");
            }
            if (free < minFreeBytes) {
                throw new AppConfig.ConfigException(String.format(Locale.ROOT, "state.dir %s has %s free on its volume, "
                                + "less than state.min-free-space (%s); free space there, point state.dir at a larger "
                                + "volume, or lower state.min-free-space", absolute, size(free), size(minFreeBytes)));
            }
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() != null ? ": " + f.getFile() : "");
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return bytes + " bytes";
    }
}
