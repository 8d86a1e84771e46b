package io.partnersignals.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.topology.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A state directory that cannot be used stops the instance at start: it exits non-zero soon, with
 * a message naming the directory, instead of retrying forever or failing later under load. The
 * read-only and the full file system are tmpfs mounts (root writes through file permissions), run
 * where the tests may mount, skipped elsewhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedCluster.class)
class StateDirectoryIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private FaultCluster cluster;

    @BeforeAll
    void start(FaultCluster shared) throws Exception {
        cluster = shared;
    }

    @Test
    void aStateDirectoryThatCannotBeCreatedStopsTheStart() throws Exception {
        Path file = Files.writeString(cluster.work.resolve("a-file"), "not a directory");
        assertRefused("state-uncreatable", file.resolve("state"));
    }

    @Test
    void aReadOnlyStateDirectoryStopsTheStart() throws Exception {
        Tmpfs ro = Tmpfs.mount(cluster.work.resolve("read-only"), "size=1m,ro");
        Assumptions.assumeTrue(ro != null, "not permitted to mount a tmpfs here");
        try (ro) {
            assertRefused("state-read-only", ro.dir());
        }
    }

    @Test
    void aFullStateDirectoryStopsTheStart() throws Exception {
        Tmpfs full = Tmpfs.mount(cluster.work.resolve("full"), "size=64k");
        Assumptions.assumeTrue(full != null, "not permitted to mount a tmpfs here");
        try (full) {
            full.fill();
            assertRefused("state-full", full.dir());
        }
    }

    private void assertRefused(String name, Path stateDir) {
        TopicNames t = FaultCluster.topics(name + ".");
        Map<String, String> settings = cluster.settings("faults-" + name, t, Ports.free());
        settings.put("state.dir", stateDir.toString());
        long started = System.nanoTime();
        try (AppInstance app = AppInstance.start(name, settings, cluster.work)) {
            boolean exited = app.awaitExit(DEADLINE);
            double seconds = (System.nanoTime() - started) / 1e9;
            FaultDrill.figure(String.format(java.util.Locale.ROOT, "fault: %s exited=%s exit_code=%s after_s=%.1f", name,
                    exited, app.exitCode(), seconds));
            assertThat(exited).as("%s exits within %s; its log ends with:\n%s", name, DEADLINE, app.logTail()).isTrue();
            assertThat(app.exitCode()).as("exit code; log:\n%s", app.logTail()).isNotZero();
            assertThat(app.log()).as("the message names the state directory").contains(stateDir.toString());
        }
    }
}
