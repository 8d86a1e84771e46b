package io.partnersignals.topology;

import io.partnersignals.registry.RegistryUnavailableException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' error handlers, set by {@link PartnerSignalsTopology#errorHandling}: a record that
 * cannot be read or processed, and an output record that cannot be written, become dead letters that
 * fit ({@link DeadLetterRecords}), each counted once, and the stream goes on. What cannot be
 * dead-lettered (a changelog or repartition record, a dead letter) fails the task and is kept in
 * {@link UnwritableRecords} so that the instance stops with that reason instead of looping. A schema
 * registry that does not answer is nobody's fault: the thread fails, and the record is read again
 * once it answers (see {@code RegistryOutage}).
 */
public final class DeadLetterHandlers {

    /** Streams property holding the {@link DeadLetterRecords} the handlers use. */
    public static final String DEAD_LETTERS = "partner-signals.dead-letters";
    /** Streams property holding the {@link ScoringMetrics} that count dead letters. */
    public static final String METRICS = "partner-signals.scoring-metrics";
    /** Streams property holding the {@link UnwritableRecords} of this instance. */
    public static final String UNWRITABLE = "partner-signals.unwritable-records";
    /**
     * Streams property holding the set of topics read into global stores (competitors, notes): Kafka Streams
     * cannot send dead letters from the global thread, so their refused records are skipped, logged and counted.
     */
    public static final String GLOBAL_TOPICS = "partner-signals.global-topics";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

    private DeadLetterHandlers() {
    }

    /** What every handler takes from the Streams configuration. */
    private static final class Settings {
        DeadLetterRecords deadLetters;
        ScoringMetrics metrics;
        UnwritableRecords unwritable;
        String applicationId;
        java.util.Set<?> globalTopics = java.util.Set.of();

        static Settings of(Map<String, ?> configs) {
            Settings s = new Settings();
            Object dl = configs.get(DEAD_LETTERS);
            Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
            s.deadLetters = dl instanceof DeadLetterRecords d ? d
                    : new DeadLetterRecords(topic == null ? "partner-signals.dead-letters" : topic.toString(),
                            DeadLetterRecords.DEFAULT_MAX_BYTES);
            s.metrics = configs.get(METRICS) instanceof ScoringMetrics m ? m : ScoringMetrics.discarding();
            s.unwritable = configs.get(UNWRITABLE) instanceof UnwritableRecords u ? u : new UnwritableRecords();
            Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
            s.applicationId = id == null ? "" : id.toString();
            if (configs.get(GLOBAL_TOPICS) instanceof java.util.Set<?> g) {
                s.globalTopics = g;
            }
            return s;
        }

        /** A refused record of a global table: Kafka Streams has no producer there, so it is skipped, logged and counted. */
        boolean skippedAsGlobal(String topic, int partition, long offset, Exception error) {
            if (topic == null || !globalTopics.contains(topic)) {
                return false;
            }
            LOG.warn("Record {}-{}@{} of a global table refused: {}; skipped (Kafka Streams cannot send dead letters from "
                    + "a global store; the record stays on its topic, counted in partner_signals_global_records_skipped_total)",
                    topic, partition, offset, error.toString());
            metrics.globalRecordSkipped(topic);
            return true;
        }

        ProducerRecord<byte[], byte[]> letter(byte[] key, byte[] value, org.apache.kafka.common.header.Headers headers,
                                              long timestamp, Exception error, String topic, int partition, long offset) {
            metrics.deadLetter(topic, partition, offset);
            return deadLetters.of(key, value, headers, timestamp < 0 ? null : timestamp, error, topic, partition, offset);
        }
    }

    /** A record whose processing threw (after decoding: a late event, a scoring bug): dead letter, go on. */
    public static final class Processing implements ProcessingExceptionHandler {
        private Settings settings;

        @Override
        public void configure(Map<String, ?> configs) {
            settings = Settings.of(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (RegistryUnavailableException.isCause(exception)) {
                LOG.warn("The schema registry does not answer while processing {}-{} at offset {} in {}: the stream thread "
                        + "stops, the record is processed again when it answers: {}", context.topic(), context.partition(),
                        context.offset(), context.processorNodeId(), RegistryUnavailableException.in(exception).getMessage());
                return Response.fail();
            }
            if (context.topic() == null) {
                // a punctuation has no record to keep; scoring logs and retries its own failures
                LOG.error("Punctuation of task {} failed; it runs again at its next time", context.taskId(), exception);
                return Response.resume();
            }
            if (settings.skippedAsGlobal(context.topic(), context.partition(), context.offset(), exception)) {
                return Response.resume();
            }
            LOG.warn("Record {}-{}@{} refused by {}: {}; sent to the dead letters", context.topic(), context.partition(),
                    context.offset(), context.processorNodeId(), exception.toString());
            return Response.resume(List.of(settings.letter(context.sourceRawKey(), context.sourceRawValue(),
                    context.headers(), context.timestamp(), exception, context.topic(), context.partition(), context.offset())));
        }
    }

    /** A source record that cannot be read (the reference tables'): dead letter, go on. */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private Settings settings;

        @Override
        public void configure(Map<String, ?> configs) {
            settings = Settings.of(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            if (RegistryUnavailableException.isCause(exception)) {
                LOG.warn("The schema registry does not answer while reading {}-{} at offset {}: the thread stops, the record "
                        + "is read again when it answers: {}", record.topic(), record.partition(), record.offset(),
                        RegistryUnavailableException.in(exception).getMessage());
                return Response.fail();
            }
            if (settings.skippedAsGlobal(record.topic(), record.partition(), record.offset(), exception)) {
                return Response.resume();
            }
            LOG.warn("Record {}-{}@{} cannot be read: {}; sent to the dead letters", record.topic(), record.partition(),
                    record.offset(), exception.toString());
            return Response.resume(List.of(settings.letter(record.key(), record.value(), record.headers(),
                    record.timestamp(), exception, record.topic(), record.partition(), record.offset())));
        }
    }

    /**
     * An output record the producer refused. Retriable errors are retried (as Kafka's default does). A
     * score, history or alert record becomes a dead letter; a changelog, repartition or dead-letter
     * record cannot, so the task fails and the instance stops with the reason.
     */
    public static final class Production implements ProductionExceptionHandler {
        private Settings settings;

        @Override
        public void configure(Map<String, ?> configs) {
            settings = Settings.of(configs);
        }

        /** An output record that cannot be encoded: never a dead letter (a registry outage must not lose it). */
        @Override
        public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                                 SerializationExceptionOrigin origin) {
            return Response.fail();
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
            if (exception instanceof RetriableException) {
                return Response.retry();
            }
            int size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
            if (!deadLetterable(record.topic())) {
                String input = context == null || context.topic() == null ? "a punctuation"
                        : "the input " + context.topic() + "-" + context.partition() + "@" + context.offset();
                String reason = "cannot write a record of " + size + " bytes to " + record.topic() + " ("
                        + exception + "), for " + input + "; this record cannot be dead-lettered";
                settings.unwritable.add(reason);
                LOG.error("{}: the instance stops. Fix the cause (for a record too large: the topic's max.message.bytes "
                        + "and the producer's max.request.size, kafka.producer.max.request.size) and start it again", reason);
                return Response.fail();
            }
            LOG.warn("Output record of {} bytes to {} refused ({}); sent to the dead letters", size, record.topic(),
                    exception.toString());
            return Response.resume(List.of(settings.letter(record.key(), record.value(), record.headers(),
                    record.timestamp() == null ? -1 : record.timestamp(), exception, record.topic(), -1, -1)));
        }

        private boolean deadLetterable(String topic) {
            boolean internal = topic.startsWith(settings.applicationId + "-")
                    && (topic.endsWith("-changelog") || topic.endsWith("-repartition"));
            return !internal && !topic.equals(settings.deadLetters.topic());
        }
    }
}
