package io.partnersignals.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayCommandRunTest {

    /** What {@code replay} prints: the read line on standard error, the score table and summary on standard output. */
    private static final List<String> OUTPUT = List.of(
            "replay: read 10008 reference records and 1000000 events from /tmp/rb/input in 4.127 s; replaying until 2026-04-01T00:00:00Z",
            "07:01:02.345 WARN  o.a.k.s.p.i.StreamThread - something=odd in 3 s",
            "partner  name          score  band  first reason",
            "p000001  Partner 1     12     LOW   -",
            "read 1010008 records from /tmp/rb/input: partners.jsonl 10000, competitors.jsonl 8, crm.activity.jsonl 400000",
            "wrote to /tmp/rb/output-command: partner.risk.jsonl 10000, partner.alerts.jsonl 3120",
            "1000000 events replayed in 6 partitions on 2 threads in 12.340 s, clock advanced to 2026-04-01T00:00:00Z");

    @Test
    void theBreakdownIsReadFromTheCommandsLines() {
        ReplayCommandRun.Breakdown b = ReplayCommandRun.parse(OUTPUT);
        assertThat(b).isEqualTo(new ReplayCommandRun.Breakdown(10_008, 1_000_000, 4.127, 1_000_000, 6, 2, 12.340));
    }

    @Test
    void theLinesMayComeInAnyOrderAndWithoutUntilOrAPathThatLooksLikeATime() {
        ReplayCommandRun.Breakdown b = ReplayCommandRun.parse(List.of(
                "5 events replayed in 1 partitions on 1 threads in 0.5 s",
                "  replay: read 3 reference records and 5 events from /data/in 9 s/input in 0.250 s"));
        assertThat(b).isEqualTo(new ReplayCommandRun.Breakdown(3, 5, 0.25, 5, 1, 1, 0.5));
    }

    @Test
    void aMissingLineGivesNoBreakdown() {
        assertThat(ReplayCommandRun.parse(OUTPUT.subList(0, OUTPUT.size() - 1))).isNull();
        assertThat(ReplayCommandRun.parse(OUTPUT.subList(1, OUTPUT.size()))).isNull();
        assertThat(ReplayCommandRun.parse(List.of())).isNull();
    }

    @Test
    void theFigureLineHasTheWholeCommandAndItsBreakdown() {
        ReplayCommandRun.Result r = new ReplayCommandRun.Result(List.of("java", "-jar", "x.jar", "replay"),
                Duration.ofMillis(8_000), new ReplayCommandRun.Breakdown(10_008, 1_000_000, 4.127, 1_000_000, 6, 2, 6.5),
                1_536_000, Path.of("o"), Path.of("e"));
        assertThat(r.wholeCommandEps()).isEqualTo(125_000.0);
        assertThat(r.line()).isEqualTo("replay: whole_command_s=8.000 whole_command_eps=125000 command_events=1000000 "
                + "command_read_s=4.127 command_replay_s=6.500 command_outside_replay_s=1.500 command_rss_hwm_mib=1500.0");
        assertThat(BenchmarkSuite.figurePrefix(r.line())).isEqualTo("replay");
        assertThat(BenchmarkSuite.figures(r.line())).containsEntry("whole_command_eps", "125000");

        ReplayCommandRun.Result unknownMemory = new ReplayCommandRun.Result(r.command(), r.wall(), r.breakdown(), -1,
                r.stdout(), r.stderr());
        assertThat(unknownMemory.line()).endsWith(" command_rss_hwm_mib=n/a");
    }
}
