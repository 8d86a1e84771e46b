package io.partnersignals.topology;

import static io.partnersignals.topology.Events.priceChange;
import static io.partnersignals.topology.Events.promotion;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.model.RiskModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * What the history stores write to their changelogs per publication (the figures of docs/design.md):
 * the key and value bytes of every changelog record of partner-history and partner-alert-log, over
 * examples/story and over 200 days of one partner published four times a day. With one value per
 * partner (the first version) a publication rewrote the partner's whole history: 1,886 and 8,721 bytes
 * per publication in these two runs (about 14 KB once 180 days are kept); with one entry per day and
 * alert, 132 and 120 bytes, whatever the history's length.
 */
class HistoryWriteCostTest {

    static final Path STORY = Path.of("../examples/story");
    static final String APP = "partner-signals-test-";

    /** Bytes (keys + values) of the two stores' changelog records, and the records. */
    record Cost(long publications, long historyBytes, long alertBytes, long records) {
        double perPublication() {
            return (historyBytes + alertBytes) / (double) publications;
        }

        @Override
        public String toString() {
            return String.format("publications=%d partner-history=%d B partner-alert-log=%d B changelog records=%d"
                    + " bytes per publication=%.1f", publications, historyBytes, alertBytes, records, perPublication());
        }
    }

    @Test
    void theStory() throws IOException {
        try (PipelineDriver p = new PipelineDriver(TopologySettings.defaults().withIdleAdvance(false))) {
            for (String line : lines("partners.jsonl")) {
                Partner partner = JsonRecords.fromJson(line, Partner.class);
                p.partners.pipeInput(partner.getPartnerId(), partner, Instant.parse("2026-01-01T00:00:00Z"));
            }
            for (String line : lines("competitors.jsonl")) {
                Competitor c = JsonRecords.fromJson(line, Competitor.class);
                p.competitors.pipeInput(c.getCompetitorId(), c, Instant.parse("2026-01-01T00:00:00Z"));
            }
            List<Object> events = new ArrayList<>();
            lines("crm.activity.jsonl").forEach(l -> events.add(JsonRecords.fromJson(l, CrmActivity.class)));
            lines("web.crawl.jsonl").forEach(l -> events.add(JsonRecords.fromJson(l, CrawlResult.class)));
            lines("pricing.events.jsonl").forEach(l -> events.add(JsonRecords.fromJson(l, PricingEvent.class)));
            events.sort(Comparator.comparing(HistoryWriteCostTest::time));
            events.forEach(p::send);
            Cost cost = cost(p);
            System.out.println("history write cost, examples/story: " + cost);
            assertThat(cost.publications()).isPositive();
            assertThat(cost.perPublication()).isLessThan(200);
        }
    }

    @Test
    void twoHundredDaysOfOnePartner() {
        TopologySettings discountOnly = TopologySettings.defaults().withIdleAdvance(false)
                .withModel(RiskModelConfig.defaults().withWeights(Map.of(
                        RiskModelConfig.SPONSORSHIP, 0.0, RiskModelConfig.RESPONSIVENESS, 0.0, RiskModelConfig.RECIPROCITY, 0.0,
                        RiskModelConfig.ATTRIBUTION, 0.0, RiskModelConfig.DIVERSION, 0.0, RiskModelConfig.PRICING_EXCLUSION, 1.0,
                        RiskModelConfig.MARGIN_EROSION, 0.0, RiskModelConfig.HARMFUL_ASK, 0.0)));
        try (PipelineDriver p = new PipelineDriver(discountOnly)) {
            p.send(promotion("start", "acme", 0, "promo", 100, 95, false));
            int n = 0;
            for (int d = 0; d < 200; d++) {
                for (int i = 1; i <= 4; i++) {
                    p.send(priceChange("c" + n, "acme", d + i / 5.0, "promo", 100, 80 + (n++ % 15)));
                }
            }
            Cost cost = cost(p);
            System.out.println("history write cost, 200 days x 4 publications of one partner: " + cost);
            assertThat(cost.publications()).isGreaterThan(600);
            // one point per publication, a day's delete now and then, the alerts: not the history
            assertThat(cost.perPublication()).isLessThan(200);
            assertThat(cost.historyBytes() / (double) cost.publications()).isLessThan(130);
        }
    }

    private static Cost cost(PipelineDriver p) {
        long publications = p.history.readRecordsToList().size();
        List<TestRecord<byte[], byte[]>> history = changelog(p, PartnerSignalsTopology.HISTORY_STORE);
        List<TestRecord<byte[], byte[]>> alerts = changelog(p, PartnerSignalsTopology.ALERT_LOG_STORE);
        return new Cost(publications, bytes(history), bytes(alerts), history.size() + alerts.size());
    }

    private static List<TestRecord<byte[], byte[]>> changelog(PipelineDriver p, String store) {
        return p.driver.createOutputTopic(APP + store + "-changelog", new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
    }

    private static long bytes(List<TestRecord<byte[], byte[]>> records) {
        return records.stream().mapToLong(r -> r.key().length + (r.value() == null ? 0 : r.value().length)).sum();
    }

    private static Instant time(Object event) {
        if (event instanceof CrmActivity a) {
            return a.getOccurredAt();
        } else if (event instanceof CrawlResult c) {
            return c.getFetchedAt();
        }
        return ((PricingEvent) event).getOccurredAt();
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(STORY.resolve(file)).stream().filter(l -> !l.isBlank()).toList();
    }
}
