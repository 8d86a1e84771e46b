package io.partnersignals.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns an input record refused at decoding into its dead letter: original key, value and headers,
 * with the error, source topic, partition and offset ({@link DeadLetterRecords}), cut to fit if huge.
 */
final class DeadLetter<V> implements Processor<String, Decoded<V>, byte[], byte[]> {

    static final String EXCEPTION = DeadLetterRecords.EXCEPTION;
    static final String MESSAGE = DeadLetterRecords.MESSAGE;
    static final String STACKTRACE = DeadLetterRecords.STACKTRACE;
    static final String TOPIC = DeadLetterRecords.TOPIC;
    static final String PARTITION = DeadLetterRecords.PARTITION;
    static final String OFFSET = DeadLetterRecords.OFFSET;

    private final ScoringMetrics metrics;
    private final DeadLetterRecords deadLetters;
    private ProcessorContext<byte[], byte[]> context;

    DeadLetter(ScoringMetrics metrics, DeadLetterRecords deadLetters) {
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Decoded<V>> record) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> letter = deadLetters.of(key, record.value().rawValue(), record.headers(),
                record.timestamp(), record.value().error(), meta == null ? null : meta.topic(),
                meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset());
        if (meta != null) {
            metrics.deadLetter(meta.topic(), meta.partition(), meta.offset());
        }
        context.forward(new Record<>(letter.key(), letter.value(), record.timestamp(), letter.headers()));
    }
}
