package io.partnersignals.topology;

import io.partnersignals.contract.ModelSettings;
import io.partnersignals.registry.RegistryUnavailableException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes and checks a record of the model topic: a ModelSettings record keyed by its version whose
 * settings make a valid model ({@link ScheduledModel#of}), or a tombstone that withdraws a version.
 * Anything else is refused with the reason, to become a dead letter; the model in use stays. Checked
 * here, in a stream task, because only a stream task can write dead letters: the global store that
 * every instance reads gets only what passed.
 */
final class ModelCheck implements FixedKeyProcessor<String, byte[], Decoded<ModelSettings>> {

    private final String topic;
    private final Deserializer<ModelSettings> deserializer;
    private FixedKeyProcessorContext<String, Decoded<ModelSettings>> context;

    ModelCheck(String topic, Deserializer<ModelSettings> deserializer) {
        this.topic = topic;
        this.deserializer = deserializer;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded<ModelSettings>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        String sourceTopic = context.recordMetadata().map(m -> m.topic()).orElse(topic);
        try {
            if (record.key() == null || record.key().isBlank()) {
                throw new InvalidRecordException("record has no key; the key is the model version");
            }
            if (record.value() == null) {
                // withdraws the version: a tombstone is passed on as it is
                context.forward(record.withValue(Decoded.valid(null, record.key())));
                return;
            }
            ModelSettings value = deserializer.deserialize(sourceTopic, record.headers(), record.value());
            if (value == null) {
                throw new InvalidRecordException("empty value");
            }
            ScheduledModel model = ScheduledModel.of(value);
            if (!model.version().equals(record.key())) {
                throw new InvalidRecordException("key '" + record.key() + "' is not the record's version '"
                        + model.version() + "'");
            }
            context.forward(record.withValue(Decoded.valid(value, model.version())));
        } catch (RuntimeException e) {
            if (RegistryUnavailableException.isCause(e)) {
                // not the record's fault: read again when the registry answers (DeadLetterHandlers)
                throw e;
            }
            context.forward(record.withValue(Decoded.<ModelSettings>invalid(e, record.value())));
        }
    }
}
