package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.topology.TopicNames;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The writer of notes: the application's Kafka settings, safe delivery, done when the broker acknowledged. */
class KafkaNoteWriterTest {

    private static final PartnerNote NOTE = PartnerNote.newBuilder().setPartnerId("acme").setNoteId("n-1")
            .setAt(Instant.parse("2026-08-01T10:00:00Z")).setAuthor("Ana").setKind(NoteKind.NOTE).setText("x").build();

    @Test
    void theProducerHasTheApplicationsKafkaSettingsIdempotentWithAcksAll() {
        Properties streams = new Properties();
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "partner-signals");
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka-1:9093");
        streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        streams.put("security.protocol", "SASL_SSL");
        streams.put("sasl.mechanism", "SCRAM-SHA-512");
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "1");

        Map<String, Object> config = KafkaNoteWriter.producerConfig(new StreamsConfig(streams), "partner-signals");

        assertThat(config).containsEntry("bootstrap.servers", "kafka-1:9093")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        assertThat(config.get(ProducerConfig.CLIENT_ID_CONFIG).toString()).contains("notes-writer");
    }

    @Test
    void aWriteCompletesWhenTheBrokerAcknowledgesKeyedPartnerIdSlashNoteId() {
        MockProducer<String, PartnerNote> producer = new MockProducer<>(false, null, new StringSerializer(),
                (topic, note) -> new byte[0]);
        KafkaNoteWriter writer = new KafkaNoteWriter(producer, TopicNames.defaults().notes());

        CompletableFuture<Void> first = writer.write(NOTE);
        assertThat(first).isNotDone();
        producer.completeNext();
        assertThat(first).isCompleted();
        assertThat(producer.history()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("partner.notes");
            assertThat(r.key()).isEqualTo("acme/n-1");
            assertThat(r.timestamp()).isEqualTo(NOTE.getAt().toEpochMilli());
        });

        CompletableFuture<Void> second = writer.write(NOTE);
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("expired"));
        assertThat(second).isCompletedExceptionally();
        writer.close();
    }
}
