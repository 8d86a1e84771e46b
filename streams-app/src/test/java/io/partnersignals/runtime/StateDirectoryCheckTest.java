package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryCheckTest {

    @Test
    void createsAMissingDirectoryAndLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("a/b/state");
        StateDirectoryCheck.check(dir, 1);
        assertThat(dir).isDirectory().isEmptyDirectory();
    }

    @Test
    void aPathUnderARegularFileCannotBeCreated(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> StateDirectoryCheck.check(file.resolve("state"), 0))
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("state.dir " + file.resolve("state") + " cannot be created")
                .hasMessageContaining("point state.dir at a directory this user can create and write");
    }

    @Test
    void tooLittleRoomSaysHowMuchThereIsAndWhatToChange(@TempDir Path tmp) throws Exception {
        long free = Files.getFileStore(tmp).getUsableSpace();
        assertThatThrownBy(() -> StateDirectoryCheck.check(tmp, free + (1L << 40)))
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("state.dir " + tmp + " has ")
                .hasMessageContaining("less than state.min-free-space (")
                .hasMessageContaining("lower state.min-free-space");
        StateDirectoryCheck.check(tmp, 0); // 0: no free-space check
    }

    @Test
    void theDirectoryIsStateDirOrKafkaStreamsOwnDefault() {
        assertThat(StateDirectoryCheck.directory(AppConfig.load(null, Map.of(), Map.of("state.dir", "/var/lib/x"))))
                .isEqualTo(Path.of("/var/lib/x"));
        assertThat(StateDirectoryCheck.directory(AppConfig.load(null, Map.of(), Map.of("state.dir", "/var/lib/x",
                "kafka.state.dir", "/srv/y")))).isEqualTo(Path.of("/srv/y"));
        assertThat(StateDirectoryCheck.directory(AppConfig.load(null, Map.of(), Map.of())))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams"));
    }

    @Test
    void sizesAreWrittenForPeople() {
        assertThat(StateDirectoryCheck.size(512)).isEqualTo("512 bytes");
        assertThat(StateDirectoryCheck.size(256L << 20)).isEqualTo("256.0 MiB");
        assertThat(StateDirectoryCheck.size(3L << 30)).isEqualTo("3.0 GiB");
    }
}
