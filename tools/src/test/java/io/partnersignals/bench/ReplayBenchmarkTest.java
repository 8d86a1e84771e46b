package io.partnersignals.bench;

import io.partnersignals.replay.ReplayReport;
import io.partnersignals.replay.Replay;
import io.partnersignals.json.JsonRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.PricingEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayBenchmarkTest {

    @TempDir
    Path tmp;

    @Test
    void aTinyBenchmarkRunsAndItsCountsAddUp() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BenchmarkResult result = ReplayBenchmark.run(new ReplayBenchmark.Options(50, 2_000, 30, 7L, tmp),
                Replay.lines(new PrintStream(printed, true, StandardCharsets.UTF_8)));

        assertThat(result.partners()).isEqualTo(50);
        assertThat(result.events()).isEqualTo(2_000);
        assertThat(result.crmEvents() + result.crawlEvents() + result.pricingEvents()).isEqualTo(2_000);
        assertThat(result.until()).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));

        ReplayReport report = result.report();
        assertThat(report.badLineCount()).isZero();
        assertThat(report.deadLetters()).isZero();
        assertThat(report.recordsRead())
                .containsEntry("partners.jsonl", 50)
                .containsEntry("competitors.jsonl", result.competitors())
                .containsEntry("crm.activity.jsonl", (int) result.crmEvents())
                .containsEntry("web.crawl.jsonl", (int) result.crawlEvents())
                .containsEntry("pricing.events.jsonl", (int) result.pricingEvents());
        assertThat(result.eventsPiped()).isEqualTo(2_000);
        assertThat(report.finalRisks()).isNotEmpty().hasSizeLessThanOrEqualTo(50);
        assertThat(report.recordsWritten().get("partner.risk.history.jsonl"))
                .isGreaterThanOrEqualTo(report.finalRisks().size());
        assertThat(result.eventsPerSecond()).isPositive();
        assertThat(result.peakHeapMib()).isPositive();

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("generate: partners=50 ");
        List<String> replayLines = out.lines().filter(l -> l.startsWith("replay: ")).toList();
        assertThat(replayLines).hasSize(2);
        // in this JVM: the replay's own run
        assertThat(replayLines.get(0))
                .matches("replay: events=2000 partners=50 partitions=6 threads=\\d elapsed_s=\\d+\\.\\d{3} events_per_s=\\d+ "
                        + "peak_heap_mib=\\d+\\.\\d rss_hwm_mib=(\\d+\\.\\d|n/a)");
        // the whole command in a child JVM, from its start to its exit
        assertThat(replayLines.get(1))
                .matches("replay: whole_command_s=\\d+\\.\\d{3} whole_command_eps=\\d+ command_events=2000 "
                        + "command_read_s=\\d+\\.\\d{3} command_replay_s=\\d+\\.\\d{3} command_outside_replay_s=\\d+\\.\\d{3} "
                        + "command_rss_hwm_mib=(\\d+\\.\\d|n/a)");
        assertThat(out).contains("whole command: $ ").contains(" replay --input " + tmp.resolve("input").toAbsolutePath()
                + " --until 2026-01-31T00:00:00Z --output " + tmp.resolve("output-command").toAbsolutePath());
        // the command did the same replay as this JVM, byte for byte
        assertThat(out).doesNotContain("warning");
        assertThat(tmp.resolve("output-command").resolve("partner.risk.history.jsonl")).exists();
    }

    @Test
    void differingOutputsAreFound() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("x.jsonl"), "one\ntwo\n");
        Files.writeString(b.resolve("x.jsonl"), "one\ntwo\n");
        Files.writeString(a.resolve("y.jsonl"), "one\n");
        assertThat(ReplayBenchmark.firstDifference(a, b, List.of("x.jsonl"))).isNull();
        assertThat(ReplayBenchmark.firstDifference(a, b, List.of("x.jsonl", "y.jsonl"))).contains("y.jsonl is missing");
        Files.writeString(b.resolve("y.jsonl"), "onE\n");
        assertThat(ReplayBenchmark.firstDifference(a, b, List.of("x.jsonl", "y.jsonl"))).startsWith("y.jsonl differs from byte 2");
    }

    @Test
    void theDataSetIsDeterministicRealisticAndValid() throws IOException {
        ReplayBenchmark.DataSet a = ReplayBenchmark.generate(40, 3_000, 20, 11L, tmp.resolve("a"));
        ReplayBenchmark.DataSet b = ReplayBenchmark.generate(40, 3_000, 20, 11L, tmp.resolve("b"));
        ReplayBenchmark.DataSet c = ReplayBenchmark.generate(40, 3_000, 20, 12L, tmp.resolve("c"));
        for (String file : List.of("partners.jsonl", "competitors.jsonl", "crm.activity.jsonl", "web.crawl.jsonl",
                "pricing.events.jsonl")) {
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(file)));
        }
        assertThat(Files.readAllBytes(tmp.resolve("c").resolve("crm.activity.jsonl")))
                .isNotEqualTo(Files.readAllBytes(tmp.resolve("a").resolve("crm.activity.jsonl")));

        assertThat(a.events()).isEqualTo(3_000);
        assertThat(a.crmEvents()).isBetween(1_050L, 1_350L);     // about 40%
        assertThat(a.crawlEvents()).isBetween(900L, 1_200L);     // about 35%
        assertThat(a.pricingEvents()).isBetween(600L, 900L);     // about 25%
        assertThat(a.duplicates()).isBetween(30L, 200L);         // a few percent
        assertThat(a.outOfOrder()).isBetween(30L, 400L);

        List<CrmActivity> crm = Files.readAllLines(tmp.resolve("a").resolve("crm.activity.jsonl")).stream()
                .map(l -> JsonRecords.fromJson(l, CrmActivity.class)).toList();
        Set<String> types = crm.stream().map(x -> x.getType().name()).collect(Collectors.toSet());
        assertThat(types).contains("REQUEST", "RESPONSE", "ESCALATION", "CONTRIBUTION", "SPONSOR_CHANGED", "MEETING");
        assertThat(crm).anyMatch(x -> x.getPromotionId() != null);
        assertThat(crm.stream().map(CrmActivity::getActivityId).distinct().count()).isLessThan(crm.size()); // duplicates
        List<CrawlResult> crawl = Files.readAllLines(tmp.resolve("a").resolve("web.crawl.jsonl")).stream()
                .map(l -> JsonRecords.fromJson(l, CrawlResult.class)).toList();
        assertThat(crawl).anyMatch(x -> x.getOutboundHosts().stream().anyMatch(h -> h.endsWith("bladewell.example")
                || h.contains("coldpath") || h.contains("northgatehpc") || h.contains("ironbark")));
        assertThat(crawl.stream().map(CrawlResult::getUrl).distinct().count()).isLessThanOrEqualTo(40 * 5);
        List<PricingEvent> pricing = Files.readAllLines(tmp.resolve("a").resolve("pricing.events.jsonl")).stream()
                .map(l -> JsonRecords.fromJson(l, PricingEvent.class)).toList();
        Set<String> pricingTypes = pricing.stream().map(x -> x.getType().name()).collect(Collectors.toSet());
        assertThat(pricingTypes).contains("PROMOTION_STARTED", "SALE_RECORDED", "PRICE_CHANGED");
        assertThat(pricing).anyMatch(x -> Boolean.FALSE.equals(x.getEligibleForUs()));
    }

    @Test
    void badSizesAreRefused() {
        assertThatThrownBy(() -> ReplayBenchmark.generate(0, 10, 10, 1L, tmp)).hasMessageContaining("partners");
        assertThatThrownBy(() -> ReplayBenchmark.generate(1, -1, 10, 1L, tmp)).hasMessageContaining("events");
        assertThatThrownBy(() -> ReplayBenchmark.generate(1, 10, 0, 1L, tmp)).hasMessageContaining("days");
    }
}
