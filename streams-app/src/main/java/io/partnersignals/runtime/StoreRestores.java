package io.partnersignals.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start restored, per store: {@code partner_signals_restored_records_total{store}} counts the
 * records replayed from changelogs (and, for the global competitors table, from its topic) since this
 * process started, and one log line per store says how many records and how long, once its last
 * partition is done. A restart on a state directory left by a clean stop restores nothing but the
 * records written after that stop.
 */
final class StoreRestores implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRestores.class);
    static final String METRIC = "partner_signals_restored_records";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** Per store: the partitions being restored now, and the records and time of its current round. */
    private final Map<String, Round> rounds = new ConcurrentHashMap<>();

    private static final class Round {
        final Map<TopicPartition, Long> started = new HashMap<>();
        long records;
        long firstStartNanos;
    }

    StoreRestores(MeterRegistry registry) {
        this.registry = registry;
    }

    private Counter counter(String store) {
        return counters.computeIfAbsent(store, s -> Counter.builder(METRIC)
                .description("Records restored into a state store since the process started")
                .tag("store", s).register(registry));
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        counter(store); // a store that had nothing to restore shows 0
        Round round = rounds.computeIfAbsent(store, s -> new Round());
        synchronized (round) {
            if (round.started.isEmpty()) {
                round.records = 0;
                round.firstStartNanos = System.nanoTime();
            }
            round.started.put(partition, endingOffset - startingOffset);
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
        counter(store).increment(restored);
        Round round = rounds.get(store);
        if (round != null) {
            synchronized (round) {
                round.records += restored;
            }
        }
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        finish(partition, store, "restored");
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        finish(partition, store, "restore suspended (task moved away) after");
    }

    private void finish(TopicPartition partition, String store, String what) {
        Round round = rounds.get(store);
        if (round == null) {
            return;
        }
        synchronized (round) {
            if (round.started.remove(partition) == null || !round.started.isEmpty()) {
                return;
            }
            LOG.info("store {}: {} {} records in {} s", store, what, round.records,
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - round.firstStartNanos) / 1e9));
        }
    }
}
