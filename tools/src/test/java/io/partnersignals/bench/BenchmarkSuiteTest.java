package io.partnersignals.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkSuiteTest {

    @Test
    void figureLinesAreRecognisedAndOtherOutputIsNot() {
        assertEquals("replay", BenchmarkSuite.figurePrefix("replay: events=1000 partners=10 events_per_s=7089"));
        assertEquals("latency(eos)", BenchmarkSuite.figurePrefix("latency(eos): p50_ms=62 p99_ms=118 max_ms=148"));
        assertNull(BenchmarkSuite.figurePrefix("06:06:13.492 INFO  i.p.runtime.LiveApplication - streams state a=b"));
        assertNull(BenchmarkSuite.figurePrefix("live: produced 102008 input records (100000 events) in 3.4 s"));
        assertNull(BenchmarkSuite.figurePrefix("WARN: something=odd happened with a long prefix before"));
        assertEquals(Map.of("p50_ms", "62", "p99_ms", "118"), BenchmarkSuite.figures("latency(eos): p50_ms=62 p99_ms=118"));
    }

    @Test
    void theSummaryLineHasTheIssuesFormAndTakesEachFigureFromItsStep() {
        List<BenchmarkSuite.StepResult> results = results();
        BenchmarkSuite.Summary summary = BenchmarkSuite.summary(results);
        assertEquals("bench: replay_eps=7089 e2e_ratio=0.04 cpu_us_per_event=301.4 bytes_per_event=7512 catchup_eps=3120 p99_ms_eos=118 rss_mib=812 restore_s=41.3", summary.line());
    }

    @Test
    void replayEpsIsTheWholeCommandsFigureAndIsRequired() {
        assertEquals(7089.0, BenchmarkSuite.summary(results()).replayEps());
        List<BenchmarkSuite.StepResult> inProcessOnly = List.of(
                result("replay", Map.of("replay", Map.of("events", "1000000", "events_per_s", "8120"))),
                results().get(1), results().get(2), results().get(3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BenchmarkSuite.summary(inProcessOnly));
        assertTrue(e.getMessage().contains("step replay printed no whole_command_eps on a 'replay:' line"), e.getMessage());
    }

    @Test
    void aMissingFigureSaysWhichStepAndWhichLine() {
        List<BenchmarkSuite.StepResult> results = List.of(results().get(0), results().get(1), results().get(2),
                result("scale", Map.of("scale", Map.of("rss_mib", "812"))));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BenchmarkSuite.summary(results));
        assertTrue(e.getMessage().contains("step scale printed no restore_s on a 'restore:' line"), e.getMessage());
    }

    @Test
    void theCatchUpStepIsPartOfTheSuiteAndItsFigureIsRequired() {
        assertTrue(BenchmarkSuite.steps(false).stream().anyMatch(s -> s.command().equals(
                "java -Xmx2g -jar tools/target/partner-signals-tools.jar bench-catchup")));
        assertTrue(BenchmarkSuite.steps(true).stream().anyMatch(s -> s.name().equals("catchup")));
        List<BenchmarkSuite.StepResult> withoutCatchUp = List.of(results().get(0), results().get(1), results().get(3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BenchmarkSuite.summary(withoutCatchUp));
        assertTrue(e.getMessage().contains("no catchup step"), e.getMessage());
    }

    @Test
    void theGeneratedSectionIsReplacedAndTheHandWrittenTextKept(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("docs/benchmarks.md");
        BenchmarkSuite.Machine machine = new BenchmarkSuite.Machine(2, 24_000, "Test CPU", "Linux 6", "OpenJDK 17", "abc1234");
        List<BenchmarkSuite.StepResult> results = results();
        BenchmarkSuite.Summary summary = BenchmarkSuite.summary(results);
        String first = BenchmarkSuite.section(results, summary, machine, Instant.parse("2026-11-27T07:00:00Z"));
        BenchmarkSuite.write(doc, first);
        Files.writeString(doc, "# Benchmarks\n\nHistory by hand.\n\n" + Files.readString(doc).replace("# Benchmarks\n\n", "")
                + "\n## Afterword\n\nAlso by hand.\n");
        String second = BenchmarkSuite.section(results, summary, machine, Instant.parse("2026-11-28T07:00:00Z"));
        BenchmarkSuite.write(doc, second);
        String text = Files.readString(doc);
        assertTrue(text.startsWith("# Benchmarks\n\nHistory by hand.\n"), text);
        assertTrue(text.endsWith("## Afterword\n\nAlso by hand.\n"), text);
        assertTrue(text.contains("2026-11-28T07:00:00Z") && !text.contains("2026-11-27T07:00:00Z"), text);
        assertEquals(text.indexOf(BenchmarkSuite.BEGIN), text.lastIndexOf(BenchmarkSuite.BEGIN), "one generated section");
        assertTrue(text.indexOf(BenchmarkSuite.BEGIN) > 0, "a generated section");
        assertTrue(text.contains("bench: replay_eps=7089 e2e_ratio=0.04 cpu_us_per_event=301.4 bytes_per_event=7512 catchup_eps=3120 p99_ms_eos=118 rss_mib=812 restore_s=41.3"));
        assertTrue(text.contains("$ java -Xmx4g -jar tools/target/partner-signals-tools.jar bench\n"), text);
        assertTrue(text.contains("2 cores (Test CPU), 24,000 MiB memory"), text);
        assertTrue(text.contains("the whole command (`java -jar partner-signals.jar replay`) from its process's start to "
                + "its exit, JVM start and input parsing included | **7,089 events/s (141.1 s; the replay alone, in process: "
                + "8,120 events/s)** | ≥ 100,000 events/s for the whole command |"), text);
        assertTrue(text.contains("| **301.4 µs** | ≤ 30 µs |"), text);
        assertTrue(text.contains("| **7,512 bytes** | ≤ 2.5 KB |"), text);
        assertTrue(text.contains("| **3,120 events/s (0.027 × the pass-through's 115,196)** | against the pass-through |"), text);
        assertTrue(text.contains("$ java -Xmx2g -jar tools/target/partner-signals-tools.jar bench-catchup\n"), text);
        assertTrue(text.contains("| **9.2 s, 0 records restored** | restores nothing it has |"), text);
    }

    private static List<BenchmarkSuite.StepResult> results() {
        return List.of(
                // the in-process figure differs from the whole command's, so that the summary shows which it took
                result("replay", Map.of("replay", Map.of("events", "1000000", "events_per_s", "8120",
                        "whole_command_s", "141.063", "whole_command_eps", "7089"))),
                result("live", Map.of("live", Map.of("e2e_ratio", "0.04", "cpu_us_per_event", "301.4",
                        "bytes_per_event", "7512"), "latency(eos)", Map.of("p99_ms", "118"))),
                result("catchup", Map.of("catchup", Map.of("catchup_eps", "3120", "baseline_eps", "115196",
                        "catchup_ratio", "0.027"))),
                result("scale", Map.of("scale", Map.of("rss_mib", "812.4"), "restore", Map.of("restore_s", "41.3"),
                        "clean-restart", Map.of("ready_s", "9.2", "restored_records", "0"))));
    }

    private static BenchmarkSuite.StepResult result(String name, Map<String, Map<String, String>> lines) {
        BenchmarkSuite.Step step = BenchmarkSuite.steps(false).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
        List<String> raw = lines.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().entrySet().stream()
                .map(f -> f.getKey() + "=" + f.getValue()).reduce((a, b) -> a + " " + b).orElse("")).toList();
        return new BenchmarkSuite.StepResult(step, new LinkedHashMap<>(lines), raw, Duration.ofSeconds(90));
    }
}
