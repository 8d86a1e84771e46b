package io.partnersignals.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.model.PartnerState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's own metrics, beside Kafka Streams' metrics: scores published, alerts raised
 * (by kind and the band they move to), dead letters (by source topic), and the latency from an event's time
 * to the score it caused, in wall-clock time.
 */
public final class ScoringMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringMetrics.class);
    private final MeterRegistry registry;
    private final Set<PartnerState.Facts> loggedDrops = ConcurrentHashMap.newKeySet();
    private final Counter scores;
    private final Timer eventToScore;
    private final Counter evaluations;
    /** Source offsets already counted as dead letters (the most recent ones). */
    private final Map<String, Boolean> deadLettered = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    };

    public ScoringMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.scores = Counter.builder("partner_signals_scores_published")
                .description("Risk scores published to the risk topic").register(registry);
        this.evaluations = Counter.builder("partner_signals_evaluations")
                .description("Evaluations of a partner's risk (each may or may not publish a score)").register(registry);
        this.eventToScore = Timer.builder("partner_signals_event_to_score_latency")
                .description("Wall-clock time from an event's timestamp to the score it caused")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** Metrics that go nowhere, for replay and tests. */
    public static ScoringMetrics discarding() {
        return new ScoringMetrics(new SimpleMeterRegistry());
    }

    /** One run of the model over a partner's facts, published or not: with coalescing, far fewer than inputs. */
    void evaluated() {
        evaluations.increment();
    }

    void published(PartnerRisk risk, List<RiskAlert> alerts) {
        scores.increment();
        for (RiskAlert alert : alerts) {
            Counter.builder("partner_signals_alerts_raised").description("Alerts raised, by kind and the band they move to")
                    .tag("kind", alert.getKind().name())
                    .tag("to_band", alert.getToBand().name()).register(registry).increment();
        }
    }

    /**
     * A fact dropped because its partner reached the per-partner limit of its kind: counted, and
     * logged the first time for each kind, so that a partner flooding one kind does not flood the log.
     */
    void factDropped(PartnerState.Facts kind, String partnerId) {
        Counter.builder("partner_signals_facts_dropped").description("Facts dropped at a per-partner limit")
                .tag("kind", kind.name()).register(registry).increment();
        if (loggedDrops.add(kind)) {
            LOG.warn("Partner {} has more {} than its limit; the ones that matter least are dropped (counted in "
                    + "partner_signals_facts_dropped_total; logged once per kind)", partnerId, kind);
        }
    }

    /** Scoring a pending partner threw: logged where it happened; counted here. */
    void scoringFailed() {
        Counter.builder("partner_signals_scoring_failures").description("Pending partners whose scoring threw")
                .register(registry).increment();
    }

    /**
     * A record of {@code topic} sent to the dead letters, counted once: a task that fails after the dead
     * letter was sent reads the record again (exactly-once aborts the first copy), and that must not
     * count twice. Offsets seen recently are remembered for that (a bounded set).
     */
    public void deadLetter(String topic, int partition, long offset) {
        if (topic == null) {
            return;
        }
        synchronized (deadLettered) {
            if (offset >= 0 && deadLettered.put(topic + "/" + partition + "/" + offset, Boolean.TRUE) != null) {
                return;
            }
        }
        Counter.builder("partner_signals_dead_letters").description("Records sent to the dead-letter topic, by source topic")
                .tag("topic", topic).register(registry).increment();
    }

    /**
     * A record of a global table ({@code topic}) refused and skipped: Kafka Streams cannot send dead letters
     * from a global store, so it stays on its topic only. Counted each time it is read (at every start).
     */
    public void globalRecordSkipped(String topic) {
        if (topic == null) {
            return;
        }
        Counter.builder("partner_signals_global_records_skipped")
                .description("Records of a global table (competitors, notes) refused and skipped: no dead letter is possible")
                .tag("topic", topic).register(registry).increment();
    }

    void eventToScore(long eventTimeMs) {
        long latency = System.currentTimeMillis() - eventTimeMs;
        if (latency >= 0) {
            eventToScore.record(Duration.ofMillis(latency));
        }
    }
}
