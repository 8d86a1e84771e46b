package io.partnersignals.topology;

import io.partnersignals.model.RiskModelConfig;
import java.time.Duration;

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
        Duration catchUpPublishInterval) {

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
        if (stateCacheSize < 0) {
            throw new IllegalArgumentException("state cache size must be >= 0, got " + stateCacheSize);
        }
    }

    /** Partner states kept decoded per scoring task by default: a few MiB per task, most of the decoding spared. */
    public static final int DEFAULT_STATE_CACHE_SIZE = 1_000;

    /** Every change published at once, as replay and the tests need; the live application's default is its commit interval. */
    public static TopologySettings defaults() {
        return new TopologySettings(TopicNames.defaults(), RiskModelConfig.defaults(), Duration.ofDays(1),
                Duration.ofHours(1), Duration.ofDays(1), true, Duration.ofSeconds(30), StateStorage.ROCKSDB,
                DEFAULT_STATE_CACHE_SIZE, Duration.ZERO, Duration.ZERO);
    }

    public TopologySettings withModel(RiskModelConfig newModel) {
        return new TopologySettings(topics, newModel, maxFutureSkew, scanInterval, rampStep, idleAdvance,
                idleAdvanceInterval, stateStorage, stateCacheSize, publishInterval, catchUpPublishInterval);
    }

    public TopologySettings withTopics(TopicNames newTopics) {
        return new TopologySettings(newTopics, model, maxFutureSkew, scanInterval, rampStep, idleAdvance,
                idleAdvanceInterval, stateStorage, stateCacheSize, publishInterval, catchUpPublishInterval);
    }

    public TopologySettings withIdleAdvance(boolean enabled) {
        return new TopologySettings(topics, model, maxFutureSkew, scanInterval, rampStep, enabled, idleAdvanceInterval,
                stateStorage, stateCacheSize, publishInterval, catchUpPublishInterval);
    }

    public TopologySettings withStateStorage(StateStorage storage) {
        return new TopologySettings(topics, model, maxFutureSkew, scanInterval, rampStep, idleAdvance,
                idleAdvanceInterval, storage, stateCacheSize, publishInterval, catchUpPublishInterval);
    }

    /** Every change published at once ({@code Duration.ZERO}), or coalesced to one score per partner per interval. */
    public TopologySettings withPublishInterval(Duration interval) {
        return new TopologySettings(topics, model, maxFutureSkew, scanInterval, rampStep, idleAdvance,
                idleAdvanceInterval, stateStorage, stateCacheSize, interval, catchUpPublishInterval);
    }

    /** How seldom changed partners are published while a backlog is read (0: as at any other time). */
    public TopologySettings withCatchUpPublishInterval(Duration interval) {
        return new TopologySettings(topics, model, maxFutureSkew, scanInterval, rampStep, idleAdvance,
                idleAdvanceInterval, stateStorage, stateCacheSize, publishInterval, interval);
    }

    public TopologySettings withStateCacheSize(int partners) {
        return new TopologySettings(topics, model, maxFutureSkew, scanInterval, rampStep, idleAdvance,
                idleAdvanceInterval, stateStorage, partners, publishInterval, catchUpPublishInterval);
    }
}
