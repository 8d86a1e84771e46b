package io.partnersignals.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import java.time.Duration;

/**
 * The application's own metrics, beside Kafka Streams' metrics: scores published, alerts raised
 * (by the band they move to), dead letters (by source topic), and the latency from an event's time
 * to the score it caused, in wall-clock time.
 */
public final class ScoringMetrics {

    private final MeterRegistry registry;
    private final Counter scores;
    private final Timer eventToScore;

    public ScoringMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.scores = Counter.builder("partner_signals_scores_published")
                .description("Risk scores published to the risk topic").register(registry);
        this.eventToScore = Timer.builder("partner_signals_event_to_score_latency")
                .description("Wall-clock time from an event's timestamp to the score it caused")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** Metrics that go nowhere, for replay and tests. */
    public static ScoringMetrics discarding() {
        return new ScoringMetrics(new SimpleMeterRegistry());
    }

    void published(PartnerRisk risk, RiskAlert alert) {
        scores.increment();
        if (alert != null) {
            Counter.builder("partner_signals_alerts_raised").description("Band changes raised as alerts")
                    .tag("to_band", alert.getToBand().name()).register(registry).increment();
        }
    }

    void deadLetter(String topic) {
        Counter.builder("partner_signals_dead_letters").description("Input records sent to the dead-letter topic")
                .tag("topic", topic).register(registry).increment();
    }

    void eventToScore(long eventTimeMs) {
        long latency = System.currentTimeMillis() - eventTimeMs;
        if (latency >= 0) {
            eventToScore.record(Duration.ofMillis(latency));
        }
    }
}
