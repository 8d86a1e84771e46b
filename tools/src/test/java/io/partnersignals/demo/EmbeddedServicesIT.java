package io.partnersignals.demo;

import io.partnersignals.embedded.EmbeddedRegistry;
import io.partnersignals.embedded.EmbeddedKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded broker and registry: a schema registered over REST, a record through Kafka in the wire format. */
class EmbeddedServicesIT {

    static EmbeddedKafka kafka;
    static EmbeddedRegistry registry;

    /** Child processes of this JVM from earlier test classes (the fault suite's shared broker and registry). */
    static java.util.Set<Long> before;

    @BeforeAll
    static void start() {
        before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
        registry = EmbeddedRegistry.launch(EmbeddedRegistry.locateJar());
        kafka = EmbeddedKafka.start();
        registry.awaitReady(EmbeddedRegistry.DEFAULT_READY_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        Path kafkaData = kafka == null ? null : kafka.dataDir();
        Path registryDir = registry == null ? null : registry.logFile().getParent();
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid).filter(pid -> !before.contains(pid)))
                .as("processes left behind").isEmpty();
        assertThat(kafkaData).doesNotExist();
        assertThat(registryDir).doesNotExist();
    }

    @Test
    void registersASchemaAndCarriesARecordInTheWireFormat() throws Exception {
        ConfluentRestSchemaRegistry client = new ConfluentRestSchemaRegistry(registry.url());
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(client, Partner.class);
        String topic = "it.partners";
        int id = client.register(AvroWireSerde.subject(topic, false), serde.registeredSchema());
        assertThat(new ConfluentRestSchemaRegistry(registry.url()).byId(id)).isEqualTo(serde.registeredSchema());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Partner partner = new Partner("p-1", "Acme Systems", List.of("acme.example"), PartnerKind.TECHNOLOGY);
        try (KafkaProducer<String, Partner> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), serde.serializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, "p-1", partner)).get();
            assertThat(sent.offset()).isZero();
        }

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).hasSize(1);
            byte[] value = records.get(0).value();
            assertThat(value[0]).as("magic byte").isZero();
            assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).as("schema id").isEqualTo(id);
            // a fresh client, so that the schema comes from the registry, not from a cache
            Partner read = AvroWireSerde.forValue(new ConfluentRestSchemaRegistry(registry.url()), Partner.class)
                    .deserializer().deserialize(topic, value);
            assertThat(read).isEqualTo(partner);
        }
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(registry.url()).startsWith("http://127.0.0.1:");
        Optional<InetAddress> external = externalAddress();
        if (external.isPresent()) {
            int kafkaPort = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));
            for (int port : List.of(kafkaPort, registry.port())) {
                assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(external.get(), port), 2_000);
                    }
                }).as("port %d on %s", port, external.get()).isInstanceOf(IOException.class);
            }
        }
    }

    private static Optional<InetAddress> externalAddress() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(i -> {
                        try {
                            return i.isUp() && !i.isLoopback();
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
