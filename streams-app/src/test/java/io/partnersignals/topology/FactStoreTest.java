package io.partnersignals.topology;

import static io.partnersignals.topology.Events.contribution;
import static io.partnersignals.topology.Events.page;
import static io.partnersignals.topology.Events.partner;
import static io.partnersignals.topology.Events.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.model.PartnerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The fact store as the live application keeps it (RocksDB): one entry per fact, written when the fact
 * changes, dropped when it has left its windows or its partner is over a per-partner limit.
 */
class FactStoreTest {

    private static final TopologySettings SETTINGS = TopologySettings.defaults().withIdleAdvance(false);

    @Test
    void eachInputWritesTheOneFactItChangedAndNothingForADuplicate() {
        try (PipelineDriver driver = new PipelineDriver(SETTINGS)) {
            driver.partners.pipeInput("p1", partner("p1", "One"));
            for (int i = 0; i < 40; i++) {
                driver.send(contribution("c" + i, "p1", i * 0.1, Direction.OUTBOUND, 100 + i));
            }
            List<String> before = facts(driver, "p1");
            assertEquals(40, before.size());
            driver.send(request("r1", "p1", 4.5));
            List<String> after = facts(driver, "p1");
            assertEquals(41, after.size());
            assertTrue(after.containsAll(before));
            assertTrue(after.contains("OPEN_REQUESTS r1"));
            driver.send(request("r1", "p1", 4.5));
            assertEquals(after, facts(driver, "p1"), "a duplicate changes no fact");
        }
    }

    @Test
    void aFactIsDroppedFromTheStoreOnceItHasLeftItsWindowEvenWhenThePartnerFallsSilent() {
        try (PipelineDriver driver = new PipelineDriver(SETTINGS)) {
            driver.send(contribution("c1", "p1", 0, Direction.OUTBOUND, 100));
            driver.send(page("p1", "https://p1.example/a", 0, PageKind.GENERAL, true, true));
            assertEquals(2, facts(driver, "p1").size());
            // only another partner's events move the clock on: 40 days (the page's 30 + grace), then 100
            driver.send(contribution("c2", "p2", 40, Direction.OUTBOUND, 100));
            driver.send(contribution("c3", "p2", 41, Direction.OUTBOUND, 100));
            assertEquals(List.of("CONTRIBUTIONS c1"), facts(driver, "p1"), "the page left its 30-day window");
            driver.send(contribution("c4", "p2", 100, Direction.OUTBOUND, 100));
            driver.send(contribution("c5", "p2", 101, Direction.OUTBOUND, 100));
            assertEquals(List.of(), facts(driver, "p1"), "and the contribution its 90 days");
        }
    }

    @Test
    void overItsLimitAPartnerKeepsItsLatestPagesAndTheDropsAreCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologySettings limited = SETTINGS.withModel(SETTINGS.model().withLimits(100, 3, 200));
        try (PipelineDriver driver = new PipelineDriver(limited, new ScoringMetrics(registry), new Properties())) {
            driver.partners.pipeInput("p1", partner("p1", "One"));
            for (int i = 0; i < 10; i++) {
                driver.send(page("p1", "https://p1.example/" + i, i * 0.5, PageKind.GENERAL, true, false));
            }
            assertEquals(List.of("PAGES https://p1.example/7", "PAGES https://p1.example/8", "PAGES https://p1.example/9"),
                    facts(driver, "p1"));
            assertEquals(7.0, registry.get("partner_signals_facts_dropped").tag("kind", "PAGES").counter().count());
            PartnerRisk latest = driver.latest().get("p1");
            RiskFactor attribution = latest.getFactors().stream().filter(f -> f.getName().equals("attribution"))
                    .findFirst().orElseThrow();
            assertEquals(3, attribution.getEvidence().size(), "the score sees the pages kept: " + attribution.getEvidence());
        }
    }

    /** The partner's fact-store entries, as "KIND id", in key order. */
    private static List<String> facts(PipelineDriver driver, String partnerId) {
        KeyValueStore<Bytes, byte[]> store = driver.driver.getKeyValueStore(PartnerSignalsTopology.FACT_STORE);
        Bytes prefix = FactCodec.partnerPrefix(partnerId);
        int length = prefix.get().length;
        List<String> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(prefix, new org.apache.kafka.common.serialization.BytesSerializer())) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                PartnerState.Facts kind = FactCodec.kind(e.key, length);
                out.add(kind + " " + FactCodec.factId(e.key, length));
            }
        }
        return out;
    }
}
