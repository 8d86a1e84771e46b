package io.partnersignals.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateOnDiskTest {

    @TempDir
    Path dir;

    @Test
    void sumsFilesPerStoreOverTasks() throws IOException {
        write("app/0_0/rocksdb/partner-state/000012.sst", 1000);
        write("app/0_0/rocksdb/partner-state/MANIFEST-000005", 100);
        write("app/0_1/rocksdb/partner-state/000013.sst", 2000);
        write("app/0_1/rocksdb/partner-due/000014.sst", 300);
        write("app/0_0/join-store/join-store.1767225600000/000009.sst", 400); // a segmented store
        write("app/0_0/.checkpoint", 10);
        write("app/kafka-streams-process-metadata", 5);

        StateOnDisk s = StateOnDisk.measure(dir);

        assertThat(s.totalBytes()).isEqualTo(3815);
        assertThat(s.storeBytes()).containsEntry("partner-state", 3100L)
                .containsEntry("partner-due", 300L)
                .containsEntry("join-store", 400L)
                .containsEntry(StateOnDisk.OTHER, 15L)
                .hasSize(4);
    }

    @Test
    void anAbsentDirectoryIsEmpty() {
        StateOnDisk s = StateOnDisk.measure(dir.resolve("never-created"));
        assertThat(s.totalBytes()).isZero();
        assertThat(s.storeBytes()).isEmpty();
    }

    private void write(String relative, int bytes) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }
}
