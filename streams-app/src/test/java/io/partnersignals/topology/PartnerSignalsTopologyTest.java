package io.partnersignals.topology;

import static io.partnersignals.topology.Events.activity;
import static io.partnersignals.topology.Events.contribution;
import static io.partnersignals.topology.Events.day;
import static io.partnersignals.topology.Events.inboundAsk;
import static io.partnersignals.topology.Events.page;
import static io.partnersignals.topology.Events.partner;
import static io.partnersignals.topology.Events.priceChange;
import static io.partnersignals.topology.Events.promotion;
import static io.partnersignals.topology.Events.request;
import static io.partnersignals.topology.Events.response;
import static io.partnersignals.topology.Events.sale;
import static io.partnersignals.topology.Events.sponsor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.model.RiskModelConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class PartnerSignalsTopologyTest {

    private static final TopologySettings SETTINGS = TopologySettings.defaults().withIdleAdvance(false);

    private static double factor(PartnerRisk risk, String name) {
        return risk.getFactors().stream().filter(f -> f.getName().equals(name)).findFirst()
                .map(RiskFactor::getValue).orElseThrow();
    }

    private static RiskFactor factorRecord(PartnerRisk risk, String name) {
        return risk.getFactors().stream().filter(f -> f.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyProcessorStoreAndTopicIsNamedExplicitly() {
        String description = PartnerSignalsTopology.build(SETTINGS, new io.partnersignals.registry.LocalSchemaRegistry())
                .describe().toString();
        assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-").doesNotContain("STATE-STORE-");
        assertThat(description).contains("partner-scoring", "partner-facts", "partner-published", "partner-pending", "partner-due", "harmful-ask-join-store",
                "crm-activity-by-partner-repartition");
        // the driver below enables ensure.explicit.internal.resource.naming and would refuse to start otherwise
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            assertThat(p.driver.producedTopicNames()).isEmpty();
        }
    }

    @Test
    void responsivenessRisesWhileThePartnerStaysSilent() {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            p.partners.pipeInput("quiet", partner("quiet", "Quiet Co"));
            p.send(request("r-1", "quiet", 0));
            // only another partner's events move time forward
            for (int d = 1; d <= 70; d++) {
                p.send(activity("other-" + d, "busy", d, ActivityType.MEETING, Direction.OUTBOUND).build());
            }
            List<PartnerRisk> quiet = p.risks().stream().map(r -> r.value())
                    .filter(r -> r.getPartnerId().equals("quiet")).toList();
            assertThat(quiet.size()).isGreaterThan(40);
            List<Double> values = quiet.stream().map(r -> factor(r, RiskModelConfig.RESPONSIVENESS)).toList();
            for (int i = 1; i < values.size(); i++) {
                assertThat(values.get(i)).isGreaterThanOrEqualTo(values.get(i - 1));
            }
            PartnerRisk last = quiet.get(quiet.size() - 1);
            assertThat(factor(last, RiskModelConfig.RESPONSIVENESS)).isEqualTo(1.0);
            assertThat(last.getPartnerName()).isEqualTo("Quiet Co");
            PartnerRisk midway = quiet.stream().filter(r -> r.getComputedAt().equals(day(33.5)) || r.getComputedAt().isAfter(day(33)))
                    .findFirst().orElseThrow();
            double age = (midway.getComputedAt().toEpochMilli() - day(0).toEpochMilli()) / 86_400_000.0;
            assertThat(factor(midway, RiskModelConfig.RESPONSIVENESS)).isCloseTo((age - 7) / 53, within(1e-9));
            assertThat(factorRecord(last, RiskModelConfig.RESPONSIVENESS).getEvidence()).anyMatch(e -> e.contains("r-1"));
        }
    }

    @Test
    void aResponseClosesTheRequestEvenWhenItArrivesFirst() {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            p.send(response("resp-1", "acme", 2, "r-1"));
            p.send(request("r-1", "acme", 1));
            for (int d = 3; d <= 80; d++) {
                p.send(activity("tick-" + d, "other", d, ActivityType.CALL, Direction.OUTBOUND).build());
            }
            assertThat(factor(p.latest().get("acme"), RiskModelConfig.RESPONSIVENESS)).isZero();
        }
    }

    private static List<Object> mixedEvents() {
        List<Object> events = new ArrayList<>();
        for (String id : List.of("p1", "p2", "p3")) {
            events.add(Events.sponsor(id + "-s1", id, 0, SponsorLevel.EXECUTIVE));
            events.add(Events.sponsor(id + "-s2", id, 20, SponsorLevel.MANAGER));
            events.add(request(id + "-r1", id, 5));
            events.add(request(id + "-r2", id, 25));
            events.add(response(id + "-a2", id, 30, id + "-r2"));
            events.add(contribution(id + "-c1", id, 10, Direction.OUTBOUND, 50_000));
            events.add(contribution(id + "-c2", id, 12, Direction.INBOUND, 5_000));
            events.add(page(id, "https://" + id + ".example/bench", 15, PageKind.BENCHMARK, true, false, "rival.com"));
            events.add(page(id, "https://" + id + ".example/partners", 16, PageKind.PARTNER_DIRECTORY, false, false));
            events.add(page(id, "https://" + id + ".example/bench", 40, PageKind.BENCHMARK, true, false, "www.rival.com"));
            events.add(promotion(id + "-e1", id, 35, id + "-promo", 1000, 800, false));
            events.add(inboundAsk(id + "-ask", id, 38, id + "-promo"));
            events.add(sale(id + "-sale1", id, 41, 900, 950));
            events.add(sale(id + "-sale2", id, 42, 850, 1000));
            events.add(activity(id + "-m", id, 45, ActivityType.MEETING, Direction.OUTBOUND).build());
        }
        events.sort((a, b) -> Long.compare(time(a), time(b)));
        return events;
    }

    private static long time(Object e) {
        if (e instanceof CrmActivity a) {
            return a.getOccurredAt().toEpochMilli();
        }
        if (e instanceof io.partnersignals.contract.CrawlResult c) {
            return c.getFetchedAt().toEpochMilli();
        }
        return ((io.partnersignals.contract.PricingEvent) e).getOccurredAt().toEpochMilli();
    }

    private static Map<String, PartnerRisk> run(List<Object> events, Consumer<PipelineDriver> before) {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            p.competitors.pipeInput("rival", Events.competitor("rival", "Rival Inc", "rival.com"));
            before.accept(p);
            events.forEach(p::send);
            // the same closing time for every run
            p.send(activity("close", "clock", 46, ActivityType.CALL, Direction.OUTBOUND).build());
            return new LinkedHashMap<>(p.latest());
        }
    }

    /** What must not depend on arrival order: everything but when the score was computed and the one before it. */
    private static String essence(PartnerRisk r) {
        return r.getScore() + " " + r.getBand() + " " + r.getFactors() + " " + r.getReasons();
    }

    @Test
    void duplicatedEventsCountOnce() {
        List<Object> events = mixedEvents();
        List<Object> doubled = new ArrayList<>();
        for (Object e : events) {
            doubled.add(e);
            doubled.add(e);
        }
        try (PipelineDriver once = new PipelineDriver(SETTINGS); PipelineDriver twice = new PipelineDriver(SETTINGS)) {
            for (PipelineDriver p : List.of(once, twice)) {
                p.competitors.pipeInput("rival", Events.competitor("rival", "Rival Inc", "rival.com"));
            }
            events.forEach(once::send);
            doubled.forEach(twice::send);
            List<PartnerRisk> a = once.risks().stream().map(TestRecord::value).toList();
            List<PartnerRisk> b = twice.risks().stream().map(TestRecord::value).toList();
            assertThat(b).isEqualTo(a);
            assertThat(a).isNotEmpty();
        }
    }

    @Test
    void outOfOrderArrivalWithinTheGraceGivesTheInOrderResult() {
        List<Object> inOrder = mixedEvents();
        Map<String, PartnerRisk> expected = run(inOrder, p -> { });
        Random random = new Random(42);
        for (int round = 0; round < 5; round++) {
            // shuffle events inside half-day buckets: each arrives at most ~12 hours late (grace is 1 day)
            List<Object> shuffled = new ArrayList<>(inOrder);
            Map<Long, List<Object>> buckets = new java.util.TreeMap<>();
            for (Object e : shuffled) {
                buckets.computeIfAbsent(time(e) / 43_200_000L, k -> new ArrayList<>()).add(e);
            }
            shuffled.clear();
            for (List<Object> bucket : buckets.values()) {
                Collections.shuffle(bucket, random);
                shuffled.addAll(bucket);
            }
            // and swap a few neighbours across bucket edges
            for (int i = 0; i + 1 < shuffled.size(); i += 7) {
                if (Math.abs(time(shuffled.get(i)) - time(shuffled.get(i + 1))) < 86_400_000L) {
                    Collections.swap(shuffled, i, i + 1);
                }
            }
            Map<String, PartnerRisk> actual = run(shuffled, p -> { });
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            for (String id : expected.keySet()) {
                assertThat(essence(actual.get(id))).as("partner %s, round %d", id, round).isEqualTo(essence(expected.get(id)));
            }
        }
    }

    @Test
    void partnersDoNotAffectEachOther() {
        List<Object> all = mixedEvents();
        List<Object> onlyP1 = all.stream().filter(e -> time(e) >= 0 && partnerOf(e).equals("p1")).toList();
        Map<String, PartnerRisk> together = run(all, p -> { });
        Map<String, PartnerRisk> alone = run(onlyP1, p -> { });
        assertThat(essence(alone.get("p1"))).isEqualTo(essence(together.get("p1")));
        assertThat(alone).doesNotContainKeys("p2", "p3");
    }

    private static String partnerOf(Object e) {
        if (e instanceof CrmActivity a) {
            return a.getPartnerId();
        }
        if (e instanceof io.partnersignals.contract.CrawlResult c) {
            return c.getPartnerId();
        }
        return ((io.partnersignals.contract.PricingEvent) e).getPartnerId();
    }

    @Test
    void crawlResultsAreJoinedWithTheCompetitorTableByDomainNotBySuffix() {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            p.competitors.pipeInput("rival", Events.competitor("rival", "Rival Inc", "rival.com"));
            p.send(page("acme", "https://acme.example/a", 1, PageKind.GENERAL, true, true, "notrival.com", "rival.com.evil.io"));
            p.send(page("acme", "https://acme.example/b", 1, PageKind.GENERAL, true, true, "docs.rival.com"));
            PartnerRisk risk = p.latest().get("acme");
            assertThat(factor(risk, RiskModelConfig.DIVERSION)).isEqualTo(0.5);
            assertThat(factorRecord(risk, RiskModelConfig.DIVERSION).getEvidence())
                    .anyMatch(e -> e.contains("https://acme.example/b") && e.contains("docs.rival.com"))
                    .noneMatch(e -> e.contains("https://acme.example/a"));
        }
    }

    @Test
    void anInboundRequestToPushAPromotionThatExcludesUsIsAHarmfulAsk() {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            p.send(promotion("e1", "acme", 10, "promo-x", 1000, 750, false));
            p.send(promotion("e2", "acme", 10, "promo-ok", 1000, 750, true));
            p.send(inboundAsk("ask-other", "acme", 12, "promo-ok"));
            assertThat(factor(p.latest().get("acme"), RiskModelConfig.HARMFUL_ASK)).isZero();
            p.send(inboundAsk("ask-1", "acme", 20, "promo-x"));
            PartnerRisk risk = p.latest().get("acme");
            assertThat(factor(risk, RiskModelConfig.HARMFUL_ASK)).isEqualTo(1.0);
            assertThat(factorRecord(risk, RiskModelConfig.HARMFUL_ASK).getEvidence())
                    .anyMatch(e -> e.contains("ask-1") && e.contains("promo-x"));
            // we answer the partner's other request, so that time alone changes nothing on our side either
            p.send(Events.activity("re-1", "acme", 20, ActivityType.RESPONSE, Direction.OUTBOUND)
                    .setRefActivityId("ask-other").build());
            assertThat(p.latest().get("acme").getOurSide().getScore()).isZero();
            p.send(inboundAsk("ask-late", "acme", 25, "promo-x")); // 15 days after the start: outside the window
            assertThat(p.latest()).doesNotContainKey("acme"); // nothing changed, nothing published
        }
    }

    @Test
    void theHarmfulAskJoinAlsoMatchesAPromotionThatArrivesAfterTheRequest() {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            p.send(inboundAsk("ask-1", "acme", 12, "promo-x"));
            p.send(promotion("e1", "acme", 10, "promo-x", 1000, 750, false));
            assertThat(factor(p.latest().get("acme"), RiskModelConfig.HARMFUL_ASK)).isEqualTo(1.0);
        }
    }

    @Test
    void recordsKeyedByAnythingButTheirPartnerAreRekeyed() {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            CrmActivity a = Events.sponsor("s1", "acme", 1, SponsorLevel.EXECUTIVE);
            p.crm.pipeInput("wrong-key", a, a.getOccurredAt());
            PartnerRisk risk = p.latest().get("acme");
            assertThat(risk).isNotNull();
            assertThat(factor(risk, RiskModelConfig.SPONSORSHIP)).isZero();
        }
    }

    /** Weights that make the score exactly 500 × the denied discount, to steer it around a boundary. */
    private static final TopologySettings DISCOUNT_ONLY = SETTINGS.withModel(RiskModelConfig.defaults().withWeights(Map.of(
            RiskModelConfig.SPONSORSHIP, 0.0, RiskModelConfig.RESPONSIVENESS, 0.0, RiskModelConfig.RECIPROCITY, 0.0,
            RiskModelConfig.ATTRIBUTION, 0.0, RiskModelConfig.DIVERSION, 0.0, RiskModelConfig.PRICING_EXCLUSION, 1.0,
            RiskModelConfig.MARGIN_EROSION, 0.0, RiskModelConfig.HARMFUL_ASK, 0.0)));

    @Test
    void aScoreWobblingOnABoundaryRaisesNoAlertStorm() {
        try (PipelineDriver p = new PipelineDriver(DISCOUNT_ONLY)) {
            p.send(promotion("start", "acme", 1, "promo", 100, 93.2, false)); // 34
            double day = 1;
            int n = 0;
            // 34, 36, 34, 36 ... around the AMBER threshold of 35, within the 3-point margin
            for (int i = 0; i < 20; i++) {
                day += 0.1;
                p.send(priceChange("w" + (n++), "acme", day, "promo", 100, i % 2 == 0 ? 92.8 : 93.2));
            }
            List<Integer> scores = p.risks().stream().map(r -> r.value().getScore()).toList();
            assertThat(scores).contains(34, 36);
            assertThat(p.alerts.readRecordsToList()).isEmpty();

            p.send(priceChange("w" + (n++), "acme", day += 0.1, "promo", 100, 92.2)); // 39: clearly AMBER
            List<TestRecord<String, RiskAlert>> alerts = p.alerts.readRecordsToList();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).value().getFromBand()).isEqualTo(RiskBand.GREEN);
            assertThat(alerts.get(0).value().getToBand()).isEqualTo(RiskBand.AMBER);
            assertThat(alerts.get(0).value().getScore()).isEqualTo(39);

            for (int i = 0; i < 20; i++) { // 33, 36, 33 ... not clearly GREEN again
                p.send(priceChange("w" + (n++), "acme", day += 0.1, "promo", 100, i % 2 == 0 ? 93.4 : 92.8));
            }
            assertThat(p.alerts.readRecordsToList()).isEmpty();
            p.send(priceChange("w" + (n++), "acme", day += 0.1, "promo", 100, 94)); // 30
            List<TestRecord<String, RiskAlert>> back = p.alerts.readRecordsToList();
            assertThat(back).hasSize(1);
            assertThat(back.get(0).value().getToBand()).isEqualTo(RiskBand.GREEN);
        }
    }

    @Test
    void historyHasOneFlatRowPerPublishedScore() {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            p.partners.pipeInput("acme", partner("acme", "Acme"));
            p.send(sponsor("s1", "acme", 1, SponsorLevel.EXECUTIVE));
            p.send(sponsor("s2", "acme", 5, SponsorLevel.STAFF));
            List<PartnerRisk> risks = p.risks().stream().map(TestRecord::value).toList();
            List<RiskSnapshot> rows = p.history.readValuesToList();
            assertThat(rows).hasSize(risks.size()).hasSize(2);
            RiskSnapshot last = rows.get(1);
            assertThat(last.getPartnerName()).isEqualTo("Acme");
            assertThat(last.getScore()).isEqualTo(risks.get(1).getScore());
            assertThat(last.getBand()).isEqualTo(risks.get(1).getBand().name());
            assertThat(last.getSponsorship()).isEqualTo(1.0); // STAFF 0.8 + downgrade 0.2
            assertThat(risks.get(1).getPreviousScore()).isEqualTo(risks.get(0).getScore());
            assertThat(last.getComputedAt()).isEqualTo(day(5));
        }
    }
}
