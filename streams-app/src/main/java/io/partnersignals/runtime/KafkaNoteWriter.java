package io.partnersignals.runtime;

import io.partnersignals.contract.PartnerNote;
import io.partnersignals.http.NoteWriter;
import io.partnersignals.topology.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Writes people's notes to the notes topic with a producer of its own: the application's Kafka
 * settings (security included), idempotent, acks=all, values in the contract's Avro with the
 * Confluent wire format through the registry. {@link #write} completes when the broker acknowledged.
 */
final class KafkaNoteWriter implements NoteWriter, AutoCloseable {

    private final Producer<String, PartnerNote> producer;
    private final String topic;

    KafkaNoteWriter(Producer<String, PartnerNote> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** A producer with what Kafka Streams' own producers get from {@code streamsProperties}, made safe for notes. */
    static KafkaNoteWriter create(StreamsConfig streams, String applicationId, Topics.Topic<PartnerNote> notes) {
        Serializer<PartnerNote> values = notes.valueSerde().serializer();
        return new KafkaNoteWriter(new KafkaProducer<>(producerConfig(streams, applicationId), new StringSerializer(), values),
                notes.name());
    }

    /** The producer's settings: Kafka Streams' producer settings (every kafka.* setting that applies), made safe for notes. */
    static Map<String, Object> producerConfig(StreamsConfig streams, String applicationId) {
        Map<String, Object> config = new HashMap<>(streams.getProducerConfigs(applicationId + "-notes-writer"));
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // a person waits for the answer: a broker that does not take the note within this fails the request
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    @Override
    public CompletableFuture<Void> write(PartnerNote note) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, null, note.getAt().toEpochMilli(), Topics.noteKey(note), note),
                    (metadata, error) -> {
                        if (error == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(error);
                        }
                    });
        } catch (RuntimeException e) {
            // the schema registry did not answer, or the producer is closed or could not get metadata in time
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
