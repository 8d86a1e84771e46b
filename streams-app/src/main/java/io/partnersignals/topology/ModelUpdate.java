package io.partnersignals.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global store of accepted model versions, keyed by version: a tombstone withdraws one.
 * The records were checked before they were accepted ({@link ModelCheck}); here they are only kept,
 * and the scoring tasks are told that the schedule changed.
 */
final class ModelUpdate implements Processor<String, byte[], Void, Void> {

    private final ModelSchedule schedule;
    private KeyValueStore<String, byte[]> store;

    ModelUpdate(ModelSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(schedule.storeName());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            throw new InvalidRecordException("an accepted model version without a key; the key is the version");
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        schedule.changed();
    }
}
