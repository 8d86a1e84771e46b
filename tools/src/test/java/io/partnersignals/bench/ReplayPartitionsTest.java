package io.partnersignals.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.json.JsonRecords;
import io.partnersignals.replay.Replay;
import io.partnersignals.replay.ReplayReport;
import io.partnersignals.topology.TopologySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay of a synthetic data set split into partitions: the output does not depend on the threads. */
class ReplayPartitionsTest {

    @TempDir
    Path tmp;

    @Test
    void partitionsReplaySideBySideAndTheOutputDoesNotDependOnTheThreads() throws IOException {
        Path in = tmp.resolve("in");
        ReplayBenchmark.generate(60, 6_000, 30, 5L, in);
        Instant until = ReplayBenchmark.START.plus(Duration.ofDays(30));
        TopologySettings settings = TopologySettings.defaults();
        ReplayReport one = Replay.run(Replay.Options.of(in, until, tmp.resolve("one"), settings).withPartitions(6).withThreads(1));
        ReplayReport three = Replay.run(Replay.Options.of(in, until, tmp.resolve("three"), settings).withPartitions(6).withThreads(3));

        assertThat(one.eventsPiped()).isEqualTo(6_000);
        for (String file : List.of("partner.risk.jsonl", "partner.risk.history.jsonl", "partner.risk.alerts.jsonl",
                "partner-signals.dlq.jsonl")) {
            assertThat(Files.readAllBytes(tmp.resolve("three").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("one").resolve(file)));
        }
        assertThat(three.recordsWritten()).isEqualTo(one.recordsWritten());
        // merged in time order; every partition's partners, all of them scored
        List<Instant> times = Files.readAllLines(tmp.resolve("one").resolve("partner.risk.history.jsonl")).stream()
                .map(l -> Instant.parse(JsonRecords.parse(l).get("computedAt").asText())).toList();
        assertThat(times).hasSizeGreaterThan(1_000).isSorted()
                .hasSize(one.recordsWritten().get("partner.risk.history.jsonl"));
        assertThat(one.finalRisks()).hasSize(60);
        assertThat(one.finalRisks().stream().map(r -> Replay.partitionOf(r.getPartnerId(), 6)).distinct()).hasSize(6);
    }
}
