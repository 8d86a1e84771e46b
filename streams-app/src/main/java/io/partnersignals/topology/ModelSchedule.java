package io.partnersignals.topology;

import io.partnersignals.contract.ModelSettings;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepted model versions of one running topology, as the scoring tasks see them: a global
 * store of their records (every instance holds all), and a counter the store's updater moves on each
 * change, so that a task reads the store again only when it changed, not at every record.
 */
final class ModelSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSchedule.class);

    private final String storeName;
    private final String topic;
    private final Deserializer<ModelSettings> decoder;
    private final AtomicLong generation = new AtomicLong();
    /** Each record's model, built once: a task reads the schedule again at every change. */
    private final Map<ModelSettings, ScheduledModel> built = new ConcurrentHashMap<>();

    ModelSchedule(String storeName, String topic, Deserializer<ModelSettings> decoder) {
        this.storeName = storeName;
        this.topic = topic;
        this.decoder = decoder;
    }

    String storeName() {
        return storeName;
    }

    /** Moves on at every change of the store: a task whose last read saw another value reads it again. */
    long generation() {
        return generation.get();
    }

    void changed() {
        generation.incrementAndGet();
    }

    /**
     * The accepted versions by the time they take effect; of two with the same effectiveFrom, the greater
     * version (in string order), so that every task picks the same one.
     */
    NavigableMap<Long, ScheduledModel> read(KeyValueStore<String, byte[]> store) {
        NavigableMap<Long, ScheduledModel> schedule = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                ScheduledModel model;
                try {
                    ModelSettings settings = decoder.deserialize(topic, entry.value);
                    model = built.computeIfAbsent(settings, ScheduledModel::of);
                } catch (RuntimeException e) {
                    // accepted records passed these checks: only a record written around the application gets here
                    LOG.error("model version {} in {} is left out of the schedule: {}", entry.key, topic, e.getMessage());
                    continue;
                }
                schedule.merge(model.effectiveFrom(), model,
                        (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
            }
        }
        return schedule;
    }
}
