package io.partnersignals.topology;

import io.partnersignals.registry.RegistryUnavailableException;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Turns the raw bytes of an input topic into a validated value, or into the reason it is refused.
 * Decoding here rather than in the source lets a bad record become a dead letter with its original
 * bytes and context while the stream goes on. The record's timestamp becomes the event time. A
 * schema registry that does not answer is not the record's fault: that failure is thrown, not
 * dead-lettered, so that the record is decoded again when the registry answers.
 */
final class Decode<V> implements FixedKeyProcessor<String, byte[], Decoded<V>> {

    private final Deserializer<V> deserializer;
    private final InputRules<V> rules;
    private final long maxFutureSkewMs;
    private FixedKeyProcessorContext<String, Decoded<V>> context;
    private final String topic;

    Decode(String topic, Deserializer<V> deserializer, InputRules<V> rules, Duration maxFutureSkew) {
        this.topic = topic;
        this.deserializer = deserializer;
        this.rules = rules;
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded<V>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        String sourceTopic = context.recordMetadata().map(m -> m.topic()).orElse(topic);
        V value;
        try {
            if (record.value() == null) {
                throw new InvalidRecordException("record has no value (a tombstone is not an event)");
            }
            value = deserializer.deserialize(sourceTopic, record.headers(), record.value());
            String partnerId = rules.partnerId(value);
            if (partnerId == null || partnerId.isBlank()) {
                throw new InvalidRecordException("partnerId is empty");
            }
            if (partnerId.length() > InputRules.MAX_ID) {
                throw new InvalidRecordException("partnerId has " + partnerId.length() + " characters; at most "
                        + InputRules.MAX_ID + " are taken");
            }
            rules.check(value);
            Instant at = rules.eventTime(value);
            long latest = context.currentSystemTimeMs() + maxFutureSkewMs;
            if (at.toEpochMilli() < 0) {
                throw new InvalidRecordException("event time " + at + " is before 1970");
            }
            if (at.toEpochMilli() > latest) {
                throw new InvalidRecordException("event time " + at + " is more than " + Duration.ofMillis(maxFutureSkewMs)
                        + " ahead of the clock (" + Instant.ofEpochMilli(context.currentSystemTimeMs()) + ")");
            }
            context.forward(record.withValue(Decoded.valid(value, partnerId)).withTimestamp(at.toEpochMilli()));
        } catch (RuntimeException e) {
            if (RegistryUnavailableException.isCause(e)) {
                // the registry did not answer (after waiting for it): the record is valid as far as anyone
                // knows, and must be decoded again later, not refused (DeadLetterHandlers)
                throw e;
            }
            // any decoding or rule failure: keep the bytes, the stream goes on
            context.forward(record.withValue(Decoded.<V>invalid(e, record.value())));
        }
    }
}
