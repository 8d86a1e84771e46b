package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.replay.Replay;
import io.partnersignals.replay.ReplayReport;
import io.partnersignals.runtime.LiveCluster.Input;
import io.partnersignals.topology.Subsequence;
import io.partnersignals.topology.TopicNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The live application while the schema registry is killed or hung, on real parts (KRaft broker,
 * Apicurio Registry as a child process). The second half of the story arrives while the registry is
 * down, its CRM activities written with a second version of the schema that the application has never
 * seen: none may become a dead letter or be scored while the registry is down, and once it is back every
 * record is scored exactly once, as replay of the same inputs scores it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Disabled("An open defect, not a flaky test: with the application in the test's JVM, processing did not "
        + "resume after the registry came back in 3 of 5 runs on 2026-12-06 (RUNNING, tasks restored, nothing consumed "
        + "for 3 minutes). The fault suite's RegistryFaultIT runs the same outages against the application as a "
        + "process and passes; this stays off until the cause is found (see docs/faults.md)")
class RegistryOutageIT {

    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RegistryOutageIT.class);

    private LiveCluster cluster;
    private List<Input> story;
    private Instant end;
    private Map<String, String> expected;
    private List<RiskSnapshot> replayHistory;

    @BeforeAll
    void start() throws IOException {
        cluster = new LiveCluster();
        story = LiveCluster.story();
        end = LiveCluster.end(story);
        List<Input> inputs = new ArrayList<>(story);
        inputs.addAll(LiveCluster.ticks(end));
        Path in = LiveCluster.asReplayInput(inputs, cluster.work.resolve("replay-in"));
        ReplayReport report = Replay.run(Replay.Options.of(in, end, cluster.work.resolve("replay-out"), AppConfig.load(null, Map.of(), Map.of()).topologySettings()));
        replayHistory = new ArrayList<>();
        for (String line : Files.readAllLines(cluster.work.resolve("replay-out").resolve("partner.risk.history.jsonl"))) {
            replayHistory.add(JsonRecords.fromJson(line, RiskSnapshot.class));
        }
        expected = new TreeMap<>();
        for (PartnerRisk r : report.finalRisks()) {
            expected.put(r.getPartnerId(), essence(r));
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aKilledRegistryLosesDoublesAndDeadLettersNothingAndProcessingResumesWhenItIsBack() throws Exception {
        Runnable restart = () -> {
            if (!cluster.registry.isAlive()) {
                cluster.registry.restart(Duration.ofSeconds(120));
            }
        };
        LiveApplication app = runThroughOutage("regkill.", "it-registry-kill", () -> cluster.registry.kill(), restart);
        // refused connections fail fast: the thread asked again and again before it gave up
        assertThat(app.registryOutage().reachability().retries()).isPositive();
    }

    @Test
    void aHungRegistryLosesDoublesAndDeadLettersNothingAndProcessingResumesByItself() throws Exception {
        // a hung registry: one request of registry.request-timeout (3 s) spends the thread's patience
        runThroughOutage("reghang.", "it-registry-hang", () -> cluster.registry.pause(), () -> cluster.registry.resume());
    }

    /** Runs the story through the outage and checks the outcome; returns the application, closed. */
    private LiveApplication runThroughOutage(String prefix, String appId, Runnable outage, Runnable recovery)
            throws Exception {
        TopicNames t = LiveCluster.topics(prefix);
        int port = LiveCluster.freePort();
        Map<String, String> settings = cluster.settings(appId, t, port);
        // probe the absent registry every 2 s at most, so that the test sees the recovery soon
        settings.put("registry.retry.backoff-max", "2s");
        int half = story.size() / 2;
        try (LiveApplication app = new LiveApplication(AppConfig.load(null, Map.of(), settings))) {
            app.start();
            cluster.sendAll(t, story.subList(0, half));
            LiveCluster.await(appId + " to read the first half", PATIENCE, () -> cluster.caughtUp(appId, t));

            // a second, compatible version of the CRM schema, registered before the outage: its id is in no
            // cache of the application
            String subject = AvroWireSerde.subject(t.crmActivity(), false);
            Schema v1 = AvroWireSerde.forValue(cluster.registryClient, CrmActivity.class).registeredSchema();
            Schema v2 = secondVersion(v1);
            int v2Id = cluster.registryClient.register(subject, v2);
            assertThat(v2Id).isNotEqualTo(cluster.registryClient.lookup(subject, v1));

            outage.run();
            long down = System.nanoTime();
            LOG.info("registry down; sending the second half");
            Map<Integer, Long> firstV2Offsets = new TreeMap<>();
            try (KafkaProducer<String, byte[]> producer = cluster.producer()) {
                for (Input in : story.subList(half, story.size())) {
                    if (in.kind().equals("crm")) {
                        byte[] bytes = asVersion(cluster.encode(t.crmActivity(), in.value()), v1, v2, v2Id);
                        RecordMetadata m = producer.send(new ProducerRecord<>(t.crmActivity(), null, in.at().toEpochMilli(),
                                in.key(), bytes)).get();
                        firstV2Offsets.putIfAbsent(m.partition(), m.offset());
                    } else {
                        cluster.send(producer, t, in);
                    }
                }
            }
            LiveCluster.await("a stream thread to give up on the registry and processing to pause", PATIENCE,
                    () -> failedStreamThreads(app) >= 1 && app.streams().isPaused());
            LOG.info("figure: the stream thread gave up {} ms after the outage began (the second half was being sent)",
                    (System.nanoTime() - down) / 1_000_000);
            assertThat(app.registryOutage().reachability().state().problem())
                    .hasValueSatisfying(p -> assertThat(p).startsWith("schema registry unreachable since "));
            assertThat(app.meters().scrape()).contains("partner_signals_registry_reachable 0.0");
            // nothing refused, and the records with the new schema are not read past
            assertThat(cluster.readAll(t.deadLetters(), cluster.bytes())).isEmpty();
            assertThat(cluster.caughtUp(appId, t)).isFalse();
            assertThat(firstV2Offsets).isNotEmpty();
            assertThat(committedCrmOffsets(appId, t, firstV2Offsets.keySet())).allSatisfy((partition, committed) ->
                    assertThat(committed).as("crm partition %s", partition).isLessThanOrEqualTo(firstV2Offsets.get(partition)));

            recovery.run();
            long back = System.nanoTime();
            LOG.info("registry back");
            LiveCluster.await(appId + " to read the second half", PATIENCE, () -> cluster.caughtUp(appId, t));
            LOG.info("figure: {} read the second half {} ms after the registry was back", appId,
                    (System.nanoTime() - back) / 1_000_000);
            cluster.sendAll(t, LiveCluster.ticks(end));
            LiveCluster.await(appId + " to read the clock ticks", PATIENCE, () -> cluster.caughtUp(appId, t));

            AvroWireSerde<PartnerRisk> riskSerde = AvroWireSerde.forValue(cluster.registryClient, PartnerRisk.class);
            List<ConsumerRecord<String, PartnerRisk>> risks = cluster.readUntil(t.partnerRisk(), riskSerde.deserializer(),
                    rs -> essences(rs).equals(expected), PATIENCE);
            assertThat(essences(risks)).isEqualTo(expected);
            Map<String, List<String>> perPartner = new LinkedHashMap<>();
            for (ConsumerRecord<String, PartnerRisk> r : risks) {
                perPartner.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(essence(r.value()) + r.value().getComputedAt());
            }
            perPartner.forEach((partner, list) -> {
                for (int i = 1; i < list.size(); i++) {
                    assertThat(list.get(i)).as("%s record %d is not doubled", partner, i).isNotEqualTo(list.get(i - 1));
                }
            });
            List<ConsumerRecord<String, RiskSnapshot>> history = cluster.readAll(t.history(),
                    AvroWireSerde.forValue(cluster.registryClient, RiskSnapshot.class).deserializer());
            assertThat(Subsequence.firstBreak(history.stream().map(ConsumerRecord::value).toList(), replayHistory)).isNull();
            assertThat(cluster.readAll(t.deadLetters(), cluster.bytes())).isEmpty();
            assertThat(app.registryOutage().reachability().isReachable()).isTrue();
            assertThat(app.streams().isPaused()).isFalse();
            assertThat(failedStreamThreads(app)).as("one replacement for the whole outage").isEqualTo(1.0);
            assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
            return app;
        } finally {
            recovery.run(); // whatever failed, the next test needs the registry
        }
    }


    private static double failedStreamThreads(LiveApplication app) {
        for (Map.Entry<org.apache.kafka.common.MetricName, ? extends Metric> e : app.streams().metrics().entrySet()) {
            if (e.getKey().name().equals("failed-stream-threads") && e.getKey().group().equals("stream-metrics")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    private Map<Integer, Long> committedCrmOffsets(String appId, TopicNames t, java.util.Set<Integer> partitions)
            throws Exception {
        Map<Integer, Long> committed = new TreeMap<>();
        try (var admin = cluster.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(appId)
                    .partitionsToOffsetAndMetadata().get();
            for (int p : partitions) {
                OffsetAndMetadata o = offsets.get(new TopicPartition(t.crmActivity(), p));
                committed.put(p, o == null ? 0 : o.offset());
            }
        }
        return committed;
    }

    /** The CRM schema with one more optional field: compatible both ways. */
    private static Schema secondVersion(Schema v1) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode schema = (ObjectNode) json.readTree(v1.toString());
        ObjectNode note = ((ArrayNode) schema.get("fields")).addObject();
        note.put("name", "importedBy");
        note.putArray("type").add("null").add("string");
        note.putNull("default");
        note.put("doc", "Written by the outage test: a field the application does not know.");
        return new Schema.Parser().parse(schema.toString());
    }

    /** The record re-encoded with the second version of its schema under its id. */
    private static byte[] asVersion(byte[] v1Bytes, Schema v1, Schema v2, int v2Id) {
        try {
            GenericRecord record = new GenericDatumReader<GenericRecord>(v1, v2).read(null,
                    DecoderFactory.get().binaryDecoder(v1Bytes, AvroWireSerde.HEADER_SIZE,
                            v1Bytes.length - AvroWireSerde.HEADER_SIZE, null));
            record.put("importedBy", "registry-outage-it");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(AvroWireSerde.MAGIC_BYTE);
            out.write(new byte[] {(byte) (v2Id >>> 24), (byte) (v2Id >>> 16), (byte) (v2Id >>> 8), (byte) v2Id});
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(v2).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String essence(PartnerRisk r) {
        return r.getScore() + " " + r.getBand() + " " + r.getModelVersion() + " " + r.getFactors() + " " + r.getReasons();
    }

    private static Map<String, String> essences(List<ConsumerRecord<String, PartnerRisk>> records) {
        Map<String, String> e = new TreeMap<>();
        records.forEach(r -> e.put(r.key(), essence(r.value())));
        return e;
    }
}
