package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.ModelSettings;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.runtime.LiveCluster.Input;
import io.partnersignals.topology.DeadLetterRecords;
import io.partnersignals.topology.PartnerSignalsTopology;
import io.partnersignals.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The model as data on a running pair of instances (in-JVM KRaft broker and Apicurio): a version
 * published on the model topic is switched to by both at the same event time, every partner is
 * re-scored once at that time with the new version, and an invalid version is a dead letter while
 * scoring goes on.
 */
class ModelVersionsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant SWITCH = T0.plus(Duration.ofDays(20));
    private static final List<String> PARTNERS = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot");

    private static Instant day(int d) {
        return T0.plus(Duration.ofDays(d));
    }

    private static CrmActivity activity(String id, String partner, Instant at, ActivityType type, Direction direction) {
        CrmActivity.Builder b = CrmActivity.newBuilder().setActivityId(id).setPartnerId(partner).setOccurredAt(at)
                .setType(type).setDirection(direction);
        if (type == ActivityType.REQUEST) {
            b.setSubject("please review");
        }
        if (type == ActivityType.CONTRIBUTION) {
            b.setValueUsd(2_000.0);
        }
        return b.build();
    }

    /** Before the switch, in time order: an unanswered request, then a one-sided contribution, per partner. */
    private static List<Input> before() {
        List<Input> in = new ArrayList<>();
        for (String p : PARTNERS) {
            in.add(new Input("crm", p, day(0), activity("req-" + p, p, day(0), ActivityType.REQUEST, Direction.OUTBOUND)));
        }
        for (String p : PARTNERS) {
            in.add(new Input("crm", p, day(2), activity("con-" + p, p, day(2), ActivityType.CONTRIBUTION,
                    Direction.OUTBOUND)));
        }
        return in;
    }

    private static List<Input> after() {
        List<Input> in = new ArrayList<>();
        for (String p : PARTNERS) {
            // the partner gives back: its reciprocity, and with it its score, changes
            in.add(new Input("crm", p, day(25), activity("give-" + p, p, day(25), ActivityType.CONTRIBUTION,
                    Direction.INBOUND)));
        }
        return in;
    }

    @Test
    void bothInstancesSwitchAtEffectiveFromAndAnInvalidVersionIsADeadLetter() throws Exception {
        try (LiveCluster cluster = new LiveCluster()) {
            TopicNames t = LiveCluster.topics("model.");
            String appId = "it-model";
            int portA = LiveCluster.freePort();
            int portB = LiveCluster.freePort();
            try (LiveApplication a = new LiveApplication(AppConfig.load(null, Map.of(), cluster.settings(appId, t, portA)));
                 LiveApplication b = new LiveApplication(AppConfig.load(null, Map.of(), cluster.settings(appId, t, portB)))) {
                a.start();
                b.start();
                LiveCluster.await("both instances to run", PATIENCE, () -> running(a) && running(b));
                String configured = a.settings().model().modelVersion();

                // the application registered the record's schema under the topic's value subject
                assertThat(cluster.registryClient.lookup(AvroWireSerde.subject(t.model(), false),
                        AvroWireSerde.forValue(cluster.registryClient, ModelSettings.class).registeredSchema())).isPositive();

                ModelSettings v2 = new ModelSettings("v2-it", SWITCH, Map.of("model.weight.reciprocity", "0.45"));
                ModelSettings invalid = new ModelSettings("bands", day(10),
                        Map.of("model.threshold.amber", "70", "model.threshold.red", "60"));
                try (KafkaProducer<String, byte[]> producer = cluster.producer()) {
                    producer.send(new ProducerRecord<>(t.model(), "bands", cluster.encode(t.model(), invalid))).get();
                    producer.send(new ProducerRecord<>(t.model(), "v2-it", cluster.encode(t.model(), v2))).get();
                }
                LiveCluster.await("both instances to hold the new version", PATIENCE,
                        () -> holds(a, "v2-it") && holds(b, "v2-it"));
                assertThat(holds(a, "bands") || holds(b, "bands")).isFalse();
                List<ConsumerRecord<String, byte[]>> letters = cluster.readUntil(t.deadLetters(), cluster.bytes(),
                        rs -> !rs.isEmpty(), PATIENCE);
                assertThat(letters).singleElement().satisfies(l -> {
                    assertThat(l.key()).isEqualTo("bands");
                    assertThat(header(l, DeadLetterRecords.TOPIC)).isEqualTo(t.model());
                    assertThat(header(l, DeadLetterRecords.MESSAGE)).contains("amber=70 red=60");
                });

                cluster.sendAll(t, before());
                LiveCluster.await("the pair to read the events before the switch", PATIENCE,
                        () -> cluster.caughtUp(appId, t));
                // every task's clock reaches effectiveFrom: each switches there
                cluster.sendAll(t, LiveCluster.ticks(SWITCH));
                // the re-scores are pending until the next flush (scoring.publish-interval): a partner's later
                // event before it would be scored in their place, at its own time (coalescing)
                cluster.readUntil(t.history(), AvroWireSerde.forValue(cluster.registryClient, RiskSnapshot.class)
                        .deserializer(), rs -> rs.stream().filter(r -> r.value().getComputedAt().equals(SWITCH)).count()
                        >= PARTNERS.size(), PATIENCE);
                cluster.sendAll(t, after());
                cluster.sendAll(t, LiveCluster.ticks(day(30)));
                LiveCluster.await("the pair to read everything", PATIENCE, () -> cluster.caughtUp(appId, t));
                assertThat(activeTasks(a)).as("instance A scores partitions").isPositive();
                assertThat(activeTasks(b)).as("instance B scores partitions").isPositive();

                // read until every partner's score after the switch is flushed (it may wait for the next flush)
                Map<String, List<RiskSnapshot>> history = cluster.readUntil(t.history(),
                                AvroWireSerde.forValue(cluster.registryClient, RiskSnapshot.class).deserializer(),
                                rs -> rs.stream().filter(r -> r.value().getComputedAt().isAfter(SWITCH))
                                        .map(ConsumerRecord::key).distinct().count() == PARTNERS.size(), PATIENCE)
                        .stream().map(ConsumerRecord::value)
                        .collect(Collectors.groupingBy(s -> s.getPartnerId().toString()));
                assertThat(history).containsOnlyKeys(PARTNERS);
                history.forEach((partner, scores) -> {
                    assertThat(scores).filteredOn(s -> s.getComputedAt().isBefore(SWITCH))
                            .isNotEmpty().allMatch(s -> s.getModelVersion().equals(configured));
                    assertThat(scores).filteredOn(s -> s.getComputedAt().equals(SWITCH))
                            .as("%s is re-scored once at effectiveFrom", partner)
                            .singleElement().matches(s -> s.getModelVersion().equals("v2-it"));
                    assertThat(scores).filteredOn(s -> s.getComputedAt().isAfter(SWITCH))
                            .isNotEmpty().allMatch(s -> s.getModelVersion().equals("v2-it"));
                });
                // scoring went on past the refused version's effectiveFrom (day 10) on the model in use
                assertThat(cluster.readAll(t.deadLetters(), cluster.bytes())).hasSize(1);
            }
        }
    }

    private static boolean running(LiveApplication app) {
        return app.streams() != null && app.streams().state() == KafkaStreams.State.RUNNING;
    }

    private static boolean holds(LiveApplication app, String version) {
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = app.streams().store(StoreQueryParameters.fromNameAndType(
                    PartnerSignalsTopology.MODEL_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            return store.get(version) != null;
        } catch (RuntimeException e) {
            return false; // not queryable yet
        }
    }

    private static long activeTasks(LiveApplication app) {
        return app.streams().metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .filter(task -> task.topicPartitions().stream().anyMatch(tp -> tp.topic().endsWith("crm.activity")))
                .count();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
