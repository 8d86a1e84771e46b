package io.partnersignals.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterHandlersTest {

    private final UnwritableRecords unwritable = new UnwritableRecords();

    private DeadLetterHandlers.Production production() {
        Map<String, Object> configs = new HashMap<>(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "ps"));
        configs.putAll(toMap(PartnerSignalsTopology.errorHandling(TopologySettings.defaults().topics(), 100_000,
                ScoringMetrics.discarding(), unwritable)));
        DeadLetterHandlers.Production handler = new DeadLetterHandlers.Production();
        handler.configure(configs);
        return handler;
    }

    private static Map<String, Object> toMap(java.util.Properties p) {
        Map<String, Object> m = new HashMap<>();
        p.forEach((k, v) -> m.put(k.toString(), v));
        return m;
    }

    /** The context of the input record that led to the refused output: a record as Kafka Streams gives it. */
    private static ErrorHandlerContext input() {
        return new ErrorHandlerContext() {
            @Override public String topic() { return "crm.activity"; }
            @Override public int partition() { return 2; }
            @Override public long offset() { return 41; }
            @Override public org.apache.kafka.common.header.Headers headers() { return new RecordHeaders(); }
            @Override public String processorNodeId() { return "partner-risk-sink"; }
            @Override public TaskId taskId() { return new TaskId(0, 2); }
            @Override public long timestamp() { return 0; }
            @Override public byte[] sourceRawKey() { return null; }
            @Override public byte[] sourceRawValue() { return null; }
        };
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int size) {
        return new ProducerRecord<>(topic, null, 5L, "acme".getBytes(StandardCharsets.UTF_8), new byte[size]);
    }

    @Test
    void aScoreTooLargeToWriteBecomesADeadLetterThatFitsAndTheStreamGoesOn() {
        ProductionExceptionHandler.Response r = production().handleError(input(), record("partner.risk", 300_000),
                new RecordTooLargeException("too large"));
        assertThat(r.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(r.deadLetterQueueRecords()).singleElement().satisfies(d -> {
            assertThat(d.topic()).isEqualTo(TopologySettings.defaults().topics().deadLetters());
            assertThat(d.value().length).isLessThan(100_000);
            assertThat(new String(d.headers().lastHeader(DeadLetterRecords.ORIGINAL_SIZE).value(), StandardCharsets.UTF_8))
                    .isEqualTo("300000");
        });
        assertThat(unwritable.first()).isNull();
    }

    @Test
    void aChangelogOrDeadLetterRecordThatCannotBeWrittenFailsAndIsRememberedAsTheReasonToStop() {
        DeadLetterHandlers.Production handler = production();
        ProductionExceptionHandler.Response r = handler.handleError(input(), record("ps-partner-facts-changelog", 2_000_000),
                new RecordTooLargeException("too large"));
        assertThat(r.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(unwritable.first()).contains("ps-partner-facts-changelog").contains("2000004 bytes")
                .contains("crm.activity-2@41");
        assertThat(handler.handleError(input(), record(TopologySettings.defaults().topics().deadLetters(), 10), new RecordTooLargeException("x"))
                .result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(unwritable.first()).as("the first reason is kept").contains("partner-facts-changelog");
    }

    @Test
    void aRetriableErrorIsRetried() {
        assertThat(production().handleError(input(), record("partner.risk", 10), new TimeoutException("slow")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RETRY);
    }

    @Test
    void aDeadLetterKeepsItsContextWhenItsOwnHeadersAloneFillTheBudget() {
        DeadLetterRecords records = new DeadLetterRecords("dlq", 20_000);
        RecordHeaders own = new RecordHeaders();
        own.add("big", new byte[30_000]);
        ProducerRecord<byte[], byte[]> d = records.of(new byte[10_000], new byte[50_000], own, 1L,
                new IllegalStateException("bad"), "web.crawl", 0, 7);
        long size = d.key().length + d.value().length;
        for (org.apache.kafka.common.header.Header h : d.headers()) {
            size += h.key().length() + h.value().length;
        }
        assertThat(size).isLessThanOrEqualTo(20_000);
        assertThat(d.headers().lastHeader("big")).isNull();
        assertThat(new String(d.headers().lastHeader(DeadLetterRecords.OFFSET).value(), StandardCharsets.UTF_8)).isEqualTo("7");
        assertThat(new String(d.headers().lastHeader(DeadLetterRecords.ORIGINAL_KEY_SIZE).value(), StandardCharsets.UTF_8))
                .isEqualTo("10000");
    }
}
