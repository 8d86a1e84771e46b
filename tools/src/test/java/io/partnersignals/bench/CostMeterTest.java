package io.partnersignals.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CostMeterTest {

    private static final Set<String> OUTPUTS = Set.of("tp.partner.risk", "tp.partner.alerts");

    @Test
    void theApplicationsTopicsAreItsOutputsAndTheOnesNamedAfterIt() {
        assertEquals(CostMeter.OUTPUT, CostMeter.kind("tp.partner.risk", "tp.bench-app", OUTPUTS));
        assertEquals(CostMeter.CHANGELOG, CostMeter.kind("tp.bench-app-partner-state-changelog", "tp.bench-app", OUTPUTS));
        assertEquals(CostMeter.REPARTITION, CostMeter.kind("tp.bench-app-crawl-by-partner-repartition", "tp.bench-app",
                OUTPUTS));
        assertNull(CostMeter.kind("tp.crm.activity", "tp.bench-app", OUTPUTS), "an input");
        assertNull(CostMeter.kind("tp.passthrough", "tp.bench-app", OUTPUTS), "the baseline's copy");
        assertNull(CostMeter.kind("tpw.bench-app-partner-state-changelog", "tp.bench-app", OUTPUTS), "the warm-up's");
        assertNull(CostMeter.kind("__consumer_offsets", "tp.bench-app", OUTPUTS));
    }

    @Test
    void figuresAreDividedByTheInputRecords() {
        Map<String, Long> topics = new LinkedHashMap<>();
        topics.put("tp.partner.risk", 2_000L);
        topics.put("tp.bench-app-partner-state-changelog", 6_000L);
        CostMeter.Cost cost = new CostMeter.Cost(4, 1_200_000L, 400_000L, 1, topics,
                Map.of(CostMeter.OUTPUT, 2_000L, CostMeter.CHANGELOG, 6_000L), 400);
        assertEquals(300.0, cost.cpuUsPerEvent(), 1e-9);
        assertEquals(2_000.0, cost.bytesPerEvent(), 1e-9);
        String line = cost.line("live(cost)");
        assertTrue(line.startsWith("live(cost): cpu_us_per_event=300.0 bytes_per_event=2000 client_cpu_us_per_event=100.0 "
                + "output_bytes_per_event=500 changelog_bytes_per_event=1500 repartition_bytes_per_event=0 "
                + "coordination_bytes_per_event=100 "), line);
        assertEquals("live(cost)", BenchmarkSuite.figurePrefix(line));
        String byTopic = cost.topicsLine("live:");
        assertEquals("live: bytes per input record by topic: tp.bench-app-partner-state-changelog 1500, tp.partner.risk 500",
                byTopic);
        assertNull(BenchmarkSuite.figurePrefix(byTopic), "not a figure line");
    }

    @Test
    void onlyWhatWasAppendedInBetweenCounts() {
        Map<String, Long> d = BrokerBytes.since(Map.of("a", 100L, "b", 50L), Map.of("a", 130L, "b", 50L, "c", 7L));
        assertEquals(Map.of("a", 30L, "c", 7L), d);
    }
}
