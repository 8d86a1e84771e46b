package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StoreRestoresTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StoreRestores restores = new StoreRestores(registry);

    private double restored(String store) {
        return registry.get(StoreRestores.METRIC).tag("store", store).counter().count();
    }

    @Test
    void countsTheRecordsRestoredPerStoreOverItsPartitions() {
        TopicPartition facts0 = new TopicPartition("app-partner-facts-changelog", 0);
        TopicPartition facts1 = new TopicPartition("app-partner-facts-changelog", 1);
        restores.onRestoreStart(facts0, "partner-facts", 0, 100);
        restores.onRestoreStart(facts1, "partner-facts", 0, 50);
        restores.onBatchRestored(facts0, "partner-facts", 60, 60);
        restores.onBatchRestored(facts1, "partner-facts", 50, 50);
        restores.onRestoreEnd(facts1, "partner-facts", 50);
        restores.onBatchRestored(facts0, "partner-facts", 100, 40);
        restores.onRestoreEnd(facts0, "partner-facts", 100);
        assertThat(restored("partner-facts")).isEqualTo(150.0);
    }

    @Test
    void aStoreWithNothingToRestoreShowsZero() {
        TopicPartition due = new TopicPartition("app-partner-due-changelog", 2);
        restores.onRestoreStart(due, "partner-due", 42, 42);
        restores.onRestoreEnd(due, "partner-due", 0);
        assertThat(restored("partner-due")).isZero();
    }

    @Test
    void aSuspendedRestoreKeepsWhatItRestored() {
        TopicPartition clock = new TopicPartition("app-partner-scoring-clock-changelog", 0);
        restores.onRestoreStart(clock, "partner-scoring-clock", 0, 1000);
        restores.onBatchRestored(clock, "partner-scoring-clock", 300, 300);
        restores.onRestoreSuspended(clock, "partner-scoring-clock", 300);
        assertThat(restored("partner-scoring-clock")).isEqualTo(300.0);
    }
}
