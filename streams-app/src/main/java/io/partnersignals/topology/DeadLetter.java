package io.partnersignals.topology;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds the dead letter of a refused input record: its original key and value bytes, its own
 * headers, and headers naming the error, source topic, partition and offset. The header names are
 * those of Kafka Streams' own dead-letter records (KIP-1034), so one tool reads both kinds.
 */
final class DeadLetter<V> implements Processor<String, Decoded<V>, byte[], byte[]> {

    static final String EXCEPTION = "__streams.errors.exception";
    static final String MESSAGE = "__streams.errors.message";
    static final String STACKTRACE = "__streams.errors.stacktrace";
    static final String TOPIC = "__streams.errors.topic";
    static final String PARTITION = "__streams.errors.partition";
    static final String OFFSET = "__streams.errors.offset";

    private final ScoringMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;

    DeadLetter(ScoringMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Decoded<V>> record) {
        Exception error = record.value().error();
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(EXCEPTION, utf8(error.getClass().getName()));
        headers.add(MESSAGE, utf8(String.valueOf(error.getMessage())));
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        headers.add(STACKTRACE, utf8(trace.toString()));
        RecordMetadata meta = context.recordMetadata().orElse(null);
        if (meta != null) {
            headers.add(TOPIC, utf8(meta.topic()));
            headers.add(PARTITION, utf8(String.valueOf(meta.partition())));
            headers.add(OFFSET, utf8(String.valueOf(meta.offset())));
            metrics.deadLetter(meta.topic());
        }
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        context.forward(new Record<>(key, record.value().rawValue(), record.timestamp(), headers));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
