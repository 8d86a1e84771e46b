package io.partnersignals.topology;

import io.partnersignals.config.ConfigDeclaration;
import io.partnersignals.config.ConfigValues;
import io.partnersignals.config.Durations;
import io.partnersignals.model.RiskModelConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What shapes the topology besides the topics: the risk model's configuration and the timing of
 * re-evaluation. The same settings serve the live application, replay and the tests.
 *
 * @param maxFutureSkew      events further than this ahead of the clock are refused as dead letters
 * @param scanInterval       how often (in event time) partners whose score changes with time are re-evaluated
 * @param rampStep           step of re-evaluation while a factor rises continuously (responsiveness)
 * @param idleAdvance        whether wall-clock time moves the scoring clock when no events arrive (live use)
 * @param idleAdvanceInterval how often, in wall-clock time, the idle advance runs
 * @param stateStorage       where state lives: RocksDB for the live application, memory (without changelogs)
 *                           for a one-shot replay
 * @param stateCacheSize     partner states each scoring task keeps decoded in memory (0: none); the fact
 *                           store stays the record, the cache only spares reading it on every event
 * @param publishInterval    a changed partner is scored and published at most once per this much wall-clock
 *                           time, at the event time of its last change; 0 scores every change at once (replay)
 * @param catchUpPublishInterval while the task's event time runs more than {@link #CATCH_UP_SPEED} times faster than
 *                           the wall clock (catching up on a backlog), changed partners are published at most once
 *                           per this much wall-clock time instead; 0 never stretches the publish interval
 * @param historyRetention   how long each partner's daily scores and alerts are kept in the history stores,
 *                           by the event time of its latest score
 */
public record TopologySettings(
        TopicNames topics,
        RiskModelConfig model,
        Duration maxFutureSkew,
        Duration scanInterval,
        Duration rampStep,
        boolean idleAdvance,
        Duration idleAdvanceInterval,
        StateStorage stateStorage,
        int stateCacheSize,
        Duration publishInterval,
        Duration catchUpPublishInterval,
        Duration historyRetention) {

    /**
     * Event time running faster than this many times the wall clock means a backlog is being read: an
     * hour of event time in a minute. Live input stamped as it happens runs at about 1.
     */
    public static final int CATCH_UP_SPEED = 60;

    /**
     * Where the topology keeps its state. The processors and stores are the same for all three.
     * {@code EPHEMERAL} is in memory without changelog topics: for a one-shot replay, whose state is
     * thrown away at the end and never restored, so that nothing writes a changelog record per update.
     * A replay also keys every record by its partner id itself and runs one partition, so its
     * topology has no repartition topics (each one costs the test driver a regex per record).
     */
    public enum StateStorage {
        ROCKSDB, IN_MEMORY, EPHEMERAL;

        /** Whether the stores are in memory. */
        public boolean inMemory() {
            return this != ROCKSDB;
        }

        /** Whether the stores are backed by changelog topics. */
        public boolean logged() {
            return this != EPHEMERAL;
        }

        /**
         * Whether anything reads partner states back from their store (a restore, a moved task, a
         * query); when nothing does (replay), the scoring processor keeps them only as objects.
         */
        public boolean readsStatesBack() {
            return this != EPHEMERAL;
        }

        /** Whether records keyed other than by their partner id are re-keyed through repartition topics. */
        public boolean rekeys() {
            return this != EPHEMERAL;
        }
    }

    public TopologySettings {
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("max future skew must be >= 0, got " + maxFutureSkew);
        }
        if (scanInterval.isNegative() || scanInterval.isZero()) {
            throw new IllegalArgumentException("scan interval must be > 0, got " + scanInterval);
        }
        if (rampStep.isNegative() || rampStep.isZero()) {
            throw new IllegalArgumentException("ramp step must be > 0, got " + rampStep);
        }
        java.util.Objects.requireNonNull(stateStorage, "stateStorage");
        if (idleAdvanceInterval.isNegative() || idleAdvanceInterval.isZero()) {
            throw new IllegalArgumentException("idle advance interval must be > 0, got " + idleAdvanceInterval);
        }
        if (catchUpPublishInterval == null || catchUpPublishInterval.isNegative()) {
            throw new IllegalArgumentException("catch-up publish interval must be >= 0, got " + catchUpPublishInterval);
        }
        if (publishInterval == null || publishInterval.isNegative()) {
            throw new IllegalArgumentException("publish interval must be >= 0, got " + publishInterval);
        }
        if (historyRetention == null || historyRetention.isNegative() || historyRetention.isZero()) {
            throw new IllegalArgumentException("history retention must be > 0, got " + historyRetention);
        }
        checkEarlyWarningFits(historyRetention, model);
        if (stateCacheSize < 0) {
            throw new IllegalArgumentException("state cache size must be >= 0, got " + stateCacheSize);
        }
    }

    /**
     * Early warning compares a score with the partner's score of the last day at or before the deterioration
     * window: up to a window and one day before it, which the history must still hold. Its quiet period reads
     * the alert log, which the history retention bounds too.
     */
    private static void checkEarlyWarningFits(Duration retention, RiskModelConfig model) {
        Duration needed = model.deteriorationWindow().plusDays(1);
        if (retention.compareTo(needed) <= 0) {
            throw new IllegalArgumentException("history.retention (" + Durations.format(retention)
                    + ") must be longer than model.deterioration.window (" + Durations.format(model.deteriorationWindow())
                    + ") plus one day, so that the history still holds the score a DETERIORATING alert compares with: "
                    + "set history.retention to more than " + Durations.format(needed) + " (e.g. "
                    + Durations.format(needed.plusDays(1)) + "), or model.deterioration.window to less than "
                    + Durations.format(retention.minusDays(1)));
        }
        if (retention.compareTo(model.deteriorationQuietPeriod()) < 0) {
            throw new IllegalArgumentException("history.retention (" + Durations.format(retention)
                    + ") must be at least model.deterioration.quiet-period ("
                    + Durations.format(model.deteriorationQuietPeriod()) + "), so that the alert log still holds the "
                    + "last DETERIORATING alert: set history.retention to " + Durations.format(model.deteriorationQuietPeriod())
                    + " or more, or shorten model.deterioration.quiet-period");
        }
    }

    /**
     * The settings the scoring.*, topic.* and model.* settings describe, with {@code storage} for the state.
     * An empty scoring.publish-interval is the commit interval Kafka Streams will use:
     * kafka.commit.interval.ms, else its default for the processing guarantee (100 ms under
     * exactly_once_v2, the application's default; 30 s under at_least_once).
     *
     * @throws IllegalArgumentException when the settings do not fit together
     */
    public static TopologySettings from(ConfigValues c, StateStorage storage) {
        return new TopologySettings(TopicNames.from(c), RiskModelConfig.from(c),
                c.duration("scoring.max-future-skew"),
                c.duration("scoring.scan-interval"),
                c.duration("scoring.ramp-step"),
                c.bool("scoring.idle-advance"),
                c.duration("scoring.idle-advance-interval"),
                storage,
                c.integer("scoring.state-cache-size"),
                publishInterval(c),
                c.duration("scoring.catch-up-publish-interval"),
                c.duration("history.retention"));
    }

    private static Duration publishInterval(ConfigValues c) {
        Duration given = c.duration("scoring.publish-interval");
        if (given != null) {
            return given;
        }
        String commitKey = ConfigDeclaration.KAFKA_PREFIX + StreamsConfig.COMMIT_INTERVAL_MS_CONFIG;
        String commit = c.text(commitKey);
        if (commit != null) {
            try {
                long ms = Long.parseLong(commit.trim());
                if (ms < 0) {
                    throw new NumberFormatException();
                }
                return Duration.ofMillis(ms);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(commitKey + " = '" + commit + "' (from " + c.origin(commitKey)
                        + ") is not a number of milliseconds >= 0");
            }
        }
        String guarantee = c.text(ConfigDeclaration.KAFKA_PREFIX + StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        return guarantee != null && StreamsConfig.AT_LEAST_ONCE.equals(guarantee.trim())
                ? Duration.ofSeconds(30) : Duration.ofMillis(100);
    }

    /**
     * The declared defaults with every change published at once, as replay and the tests need; the live
     * application's default publish interval is its commit interval.
     */
    public static TopologySettings defaults() {
        return from(ConfigValues.of(Map.of("scoring.publish-interval", "0s", "scoring.catch-up-publish-interval", "0s")),
                StateStorage.ROCKSDB);
    }

    /** These settings as scoring.*, topic.*, model.* and history.* settings (the state storage is not a setting). */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>(topics.settings());
        s.putAll(model.settings());
        s.put("scoring.max-future-skew", Durations.format(maxFutureSkew));
        s.put("scoring.scan-interval", Durations.format(scanInterval));
        s.put("scoring.ramp-step", Durations.format(rampStep));
        s.put("scoring.idle-advance", String.valueOf(idleAdvance));
        s.put("scoring.idle-advance-interval", Durations.format(idleAdvanceInterval));
        s.put("scoring.state-cache-size", String.valueOf(stateCacheSize));
        s.put("scoring.publish-interval", Durations.format(publishInterval));
        s.put("scoring.catch-up-publish-interval", Durations.format(catchUpPublishInterval));
        s.put("history.retention", Durations.format(historyRetention));
        return s;
    }

    /** The same settings with {@code overrides} on top, checked through the declaration again. */
    public TopologySettings with(Map<String, String> overrides) {
        Map<String, String> all = settings();
        all.putAll(overrides);
        return from(ConfigValues.of(all), stateStorage);
    }

    public TopologySettings withModel(RiskModelConfig newModel) {
        return with(newModel.settings());
    }

    public TopologySettings withTopics(TopicNames newTopics) {
        return with(newTopics.settings());
    }

    public TopologySettings withIdleAdvance(boolean enabled) {
        return with(Map.of("scoring.idle-advance", String.valueOf(enabled)));
    }

    public TopologySettings withStateStorage(StateStorage storage) {
        return from(ConfigValues.of(settings()), storage);
    }

    /** Every change published at once ({@code Duration.ZERO}), or coalesced to one score per partner per interval. */
    public TopologySettings withPublishInterval(Duration interval) {
        return with(Map.of("scoring.publish-interval", Durations.format(interval)));
    }

    /** How seldom changed partners are published while a backlog is read (0: as at any other time). */
    public TopologySettings withCatchUpPublishInterval(Duration interval) {
        return with(Map.of("scoring.catch-up-publish-interval", Durations.format(interval)));
    }

    public TopologySettings withStateCacheSize(int partners) {
        return with(Map.of("scoring.state-cache-size", String.valueOf(partners)));
    }
}
