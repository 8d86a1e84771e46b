package io.partnersignals.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.faults.FaultInput.Input;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A record the broker accepts but whose dead-letter copy, with its headers, would not fit (a
 * 1,047,000-byte garbage value: the copy was 1,049,514 bytes) once sent the application into an
 * endless loop of replaced threads. It must end as one truncated dead letter that says so, with its
 * original size, while scoring goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedCluster.class)
class OversizedRecordIT {

    private static final int SIZE = 1_047_000;

    private FaultCluster cluster;

    @BeforeAll
    void start(FaultCluster shared) throws Exception {
        cluster = shared;
    }

    @Test
    void aGarbageValueTooLargeToDeadLetterWholeEndsTruncatedAndScoringGoesOn() throws Exception {
        TopicNames t = FaultCluster.topics("oversized.");
        String appId = "faults-oversized";
        try (AppInstance app = AppInstance.start(appId, cluster.settings(appId, t, Ports.free()), cluster.work)) {
            app.awaitReady(FaultCluster.PATIENCE);
            byte[] garbage = new byte[SIZE];
            Arrays.fill(garbage, (byte) 'x');
            RecordMetadata sent;
            Instant at = Instant.parse("2026-06-02T00:00:00Z");
            try (KafkaProducer<String, byte[]> producer = cluster.producer()) {
                sent = producer.send(new ProducerRecord<>(t.crmActivity(), null, at.toEpochMilli(), "acme", garbage)).get();
                cluster.send(producer, t, new Input("crm", "acme", at, CrmActivity.newBuilder().setActivityId("ok-1")
                        .setPartnerId("acme").setOccurredAt(at).setType(ActivityType.SPONSOR_CHANGED)
                        .setDirection(Direction.INBOUND).setSponsorLevel(SponsorLevel.EXECUTIVE).build()), 0);
            }
            long started = System.nanoTime();
            AvroWireSerde<PartnerRisk> risks = AvroWireSerde.forValue(cluster.registryClient, PartnerRisk.class);
            FaultCluster.await("acme to be scored after the oversized record", FaultCluster.PATIENCE, () -> {
                app.assertAlive();
                return cluster.readAll(t.partnerRisk(), risks.deserializer()).stream().anyMatch(r -> r.key().equals("acme"));
            });
            FaultCluster.await(appId + " to commit past both records", FaultCluster.PATIENCE, () -> {
                app.assertAlive();
                return cluster.caughtUp(appId, t);
            });
            FaultDrill.figure(String.format(Locale.ROOT, "fault: oversized-dead-letter recovered_s=%.1f",
                    (System.nanoTime() - started) / 1e9));

            List<ConsumerRecord<String, byte[]>> copies = cluster.readAll(t.deadLetters(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer()).stream()
                    .filter(d -> sent.topic().equals(header(d, "__streams.errors.topic"))
                            && String.valueOf(sent.offset()).equals(header(d, "__streams.errors.offset")))
                    .toList();
            assertThat(copies).as("dead letters of the oversized record: once, not once per retry").hasSize(1);
            ConsumerRecord<String, byte[]> copy = copies.get(0);
            assertThat(copy.value().length).as("the copy is truncated").isLessThan(SIZE);
            assertThat(copy.headers().toArray()).as("a header says it was truncated")
                    .anyMatch(h -> h.key().toLowerCase(Locale.ROOT).contains("truncat"));
            assertThat(copy.headers().toArray()).as("a header keeps the original size")
                    .anyMatch(h -> String.valueOf(SIZE).equals(value(h)));
            assertThat(header(copy, "__streams.errors.partition")).isEqualTo(String.valueOf(sent.partition()));
            assertThat(app.status("/health/live")).isEqualTo(200);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : value(h);
    }

    private static String value(Header h) {
        return h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
