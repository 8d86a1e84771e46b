package io.partnersignals.topology;

import static io.partnersignals.topology.Events.competitor;
import static io.partnersignals.topology.Events.contribution;
import static io.partnersignals.topology.Events.inboundAsk;
import static io.partnersignals.topology.Events.page;
import static io.partnersignals.topology.Events.partner;
import static io.partnersignals.topology.Events.priceChange;
import static io.partnersignals.topology.Events.promotion;
import static io.partnersignals.topology.Events.request;
import static io.partnersignals.topology.Events.response;
import static io.partnersignals.topology.Events.sale;
import static io.partnersignals.topology.Events.sponsor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.SponsorLevel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partnersignals.topology.TopologySettings.StateStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Neither the decoded-state cache nor where scores are handed over may change what is published. */
class StateCacheTest {

    private static final TopologySettings SETTINGS = TopologySettings.defaults().withIdleAdvance(false);

    @Test
    void outputsAreTheSameWithoutCacheWithATinyOneAndWithOneHoldingEveryPartner() {
        List<Object> events = mixedEvents(new Random(42), 30, 1_500);
        List<String> uncached = run(SETTINGS.withStateCacheSize(0), events);
        assertTrue(uncached.size() > 300, "the events publish scores: " + uncached.size());
        assertEquals(uncached, run(SETTINGS.withStateCacheSize(3), events), "3 of 30 partners cached (constant eviction)");
        assertEquals(uncached, run(SETTINGS.withStateCacheSize(10_000), events), "every partner cached");
    }

    @Test
    void aScoreReceiverGetsWhatTheOutputTopicsGetInTheSameOrder() {
        List<Object> events = mixedEvents(new Random(7), 30, 1_500);
        List<String> risks = new ArrayList<>();
        List<String> history = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        ScoreReceiver receiver = (risk, snapshot, raised) -> {
            risks.add("risk " + risk.getPartnerId() + " " + risk);
            history.add("history " + snapshot.getPartnerId() + " " + snapshot);
            for (var alert : raised) {
                alerts.add("alert " + alert.getPartnerId() + " " + alert);
            }
        };
        try (PipelineDriver driver = new PipelineDriver(SETTINGS, PipelineDriver.WALL_CLOCK, receiver)) {
            feed(driver, events);
            assertTrue(driver.risk.isEmpty() && driver.history.isEmpty() && driver.alerts.isEmpty(),
                    "nothing goes to the output topics");
        }
        List<String> received = new ArrayList<>(risks);
        received.addAll(history);
        received.addAll(alerts);
        assertFalse(alerts.isEmpty(), "the events change bands");
        assertEquals(run(SETTINGS, events), received);
    }

    @Test
    void statesKeptOnlyAsObjectsPublishWhatStoredStatesPublish() {
        List<Object> events = mixedEvents(new Random(11), 30, 1_500);
        List<String> stored = run(SETTINGS.withStateStorage(StateStorage.IN_MEMORY), events);
        assertTrue(stored.size() > 300, "the events publish scores: " + stored.size());
        assertEquals(stored, run(SETTINGS.withStateStorage(StateStorage.EPHEMERAL), events));
    }

    /**
     * A record whose scoring fails after the state took it in goes to the dead letters and must leave
     * the state as it was: stored states fall back to the store, states kept as objects take the
     * record's changes back. Either way what follows is the same.
     */
    @Test
    void aRecordThatFailsHalfWayLeavesNoTraceInStoredStatesOrInStatesKeptAsObjects() {
        List<Object> events = mixedEvents(new Random(13), 30, 1_500);
        FailingCounters stored = new FailingCounters(9);
        FailingCounters objects = new FailingCounters(9);
        List<String> fromStore = run(SETTINGS.withStateStorage(StateStorage.IN_MEMORY), events, stored);
        List<String> fromObjects = run(SETTINGS.withStateStorage(StateStorage.EPHEMERAL), events, objects);
        assertTrue(stored.failures > 50, "scoring failed for many records: " + stored.failures);
        assertEquals(stored.failures, objects.failures);
        assertTrue(fromStore.stream().filter(line -> line.startsWith("dead letter")).count() >= stored.failures,
                "each failed record is a dead letter");
        assertEquals(fromStore, fromObjects);
    }

    private static List<String> run(TopologySettings settings, List<Object> events) {
        try (PipelineDriver driver = new PipelineDriver(settings)) {
            return outputs(driver, events);
        }
    }

    private static List<String> run(TopologySettings settings, List<Object> events, MeterRegistry registry) {
        Properties errors = PartnerSignalsTopology.errorHandling(settings.topics());
        try (PipelineDriver driver = new PipelineDriver(settings, new ScoringMetrics(registry), errors)) {
            List<String> out = outputs(driver, events);
            driver.deadLetters.readRecordsToList().forEach(r -> out.add("dead letter " + new String(r.key(), UTF_8)));
            return out;
        }
    }

    private static List<String> outputs(PipelineDriver driver, List<Object> events) {
        feed(driver, events);
        List<String> out = new ArrayList<>();
        driver.risks().forEach(r -> out.add("risk " + r.key() + " " + r.value()));
        driver.history.readRecordsToList().forEach(r -> out.add("history " + r.key() + " " + r.value()));
        driver.alerts.readRecordsToList().forEach(r -> out.add("alert " + r.key() + " " + r.value()));
        return out;
    }

    /**
     * A meter registry double whose scores-published counter throws on every {@code every}-th score:
     * the scoring processor counts a score after the state has taken the record in and the score was
     * forwarded, but before the state is stored.
     */
    private static final class FailingCounters extends SimpleMeterRegistry {
        private final int every;
        private int published;
        int failures;

        FailingCounters(int every) {
            this.every = every;
        }

        @Override
        protected Counter newCounter(Meter.Id id) {
            Counter counter = super.newCounter(id);
            if (!id.getName().equals("partner_signals_scores_published")) {
                return counter;
            }
            return new Counter() {
                @Override
                public void increment(double amount) {
                    if (++published % every == 0) {
                        failures++;
                        throw new IllegalStateException("scoring failed (test double)");
                    }
                    counter.increment(amount);
                }

                @Override
                public double count() {
                    return counter.count();
                }

                @Override
                public Meter.Id getId() {
                    return counter.getId();
                }
            };
        }
    }

    private static void feed(PipelineDriver driver, List<Object> events) {
        for (int p = 0; p < 30; p++) {
            driver.partners.pipeInput("p" + p, partner("p" + p, "Partner " + p));
        }
        driver.competitors.pipeInput("c1", competitor("c1", "Rival", "rival.example"));
        events.forEach(driver::send);
    }

    /** Every kind of event, for 30 partners over 120 days, with duplicates and some disorder. */
    static List<Object> mixedEvents(Random random, int partners, int count) {
        List<Object> events = new ArrayList<>();
        double day = 0;
        for (int i = 0; i < count; i++) {
            day += random.nextDouble() * 0.08;
            double at = Math.max(0, day - (random.nextInt(10) == 0 ? random.nextDouble() * 0.5 : 0));
            String p = "p" + random.nextInt(partners);
            String id = "x" + i;
            Object event = switch (random.nextInt(10)) {
                case 0 -> sponsor(id, p, at, SponsorLevel.values()[random.nextInt(SponsorLevel.values().length)]);
                case 1 -> request(id, p, at);
                case 2 -> response(id, p, at, "x" + Math.max(0, i - random.nextInt(200)));
                case 3 -> contribution(id, p, at, random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND,
                        random.nextInt(20_000));
                case 4 -> page(p, "https://" + p + ".example/" + random.nextInt(4), at,
                        PageKind.values()[random.nextInt(PageKind.values().length)], random.nextBoolean(),
                        random.nextBoolean(), random.nextBoolean() ? "www.rival.example" : "other.example");
                case 5 -> promotion(id, p, at, "promo-" + p + "-" + random.nextInt(3), 100, 60 + random.nextInt(30),
                        random.nextBoolean());
                case 6 -> priceChange(id, p, at, "promo-" + p + "-" + random.nextInt(3), 100, 50 + random.nextInt(40));
                case 7 -> inboundAsk(id, p, at, "promo-" + p + "-" + random.nextInt(3));
                case 8 -> sale(id, p, at, 60 + random.nextInt(30), 100);
                default -> events.isEmpty() ? request(id, p, at) : events.get(random.nextInt(events.size())); // a duplicate
            };
            events.add(event);
        }
        return events;
    }
}
