package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.replay.Replay;
import io.partnersignals.replay.ReplayReport;
import io.partnersignals.runtime.LiveCluster.Input;
import io.partnersignals.topology.TopicNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * reset on a real KRaft broker and Apicurio Registry: refused while an instance runs; once it is
 * stopped, a dry run changes nothing, the reset rewinds the group to the earliest input offsets,
 * deletes the internal topics and the state directory, and a restart computes the same scores again
 * from the beginning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResetIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String APP_ID = "it-reset";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResetIT.class);

    private LiveCluster cluster;
    private List<Input> story;
    private Instant end;
    private Map<String, String> expected;

    @BeforeAll
    void start() throws IOException {
        cluster = new LiveCluster();
        story = LiveCluster.story();
        end = LiveCluster.end(story);
        // the oracle: replay of the same inputs, clock ticks included
        List<Input> inputs = new ArrayList<>(story);
        inputs.addAll(LiveCluster.ticks(end));
        Path in = LiveCluster.asReplayInput(inputs, cluster.work.resolve("replay-in"));
        ReplayReport report = Replay.run(Replay.Options.of(in, end, cluster.work.resolve("replay-out"),
                AppConfig.load(null, Map.of(), Map.of()).topologySettings()).withPartitions(LiveCluster.PARTITIONS));
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

    private static String essence(PartnerRisk r) {
        return r.getScore() + " " + r.getBand() + " " + r.getModelVersion() + " " + r.getFactors() + " " + r.getReasons();
    }

    /** Each partner's latest score among the records at or after {@code from} (per partition). */
    private static Map<String, String> latestSince(List<ConsumerRecord<String, PartnerRisk>> records,
                                                   Map<TopicPartition, Long> from) {
        Map<String, String> latest = new TreeMap<>();
        for (ConsumerRecord<String, PartnerRisk> r : records) {
            if (r.offset() >= from.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)) {
                latest.put(r.key(), essence(r.value()));
            }
        }
        return latest;
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.listConsumerGroupOffsets(APP_ID).partitionsToOffsetAndMetadata().get();
        }
    }

    private Map<TopicPartition, Long> earliest(List<String> topics) throws Exception {
        try (Admin admin = cluster.admin()) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().values().forEach(d -> d.partitions().forEach(p ->
                    request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest())));
            return admin.listOffsets(request).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private Set<String> internalTopics() throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.listTopics().names().get().stream().filter(n -> n.startsWith(APP_ID + "-"))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    private boolean groupEmpty() {
        try (Admin admin = cluster.admin()) {
            return admin.describeConsumerGroups(List.of(APP_ID)).all().get().get(APP_ID).members().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs the reset command as an operator would; returns its exit code and what it printed. */
    private static String[] command(Map<String, String> settings, String... flags) {
        List<String> args = new ArrayList<>(List.of(flags));
        settings.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ResetCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void resetIsRefusedWhileRunningThenRewindsDeletesAndWipesSoARestartComputesTheSameScoresAgain() throws Exception {
        TopicNames t = LiveCluster.topics("reset.");
        int port = LiveCluster.freePort();
        Map<String, String> settings = cluster.settings(APP_ID, t, port);
        AppConfig config = AppConfig.load(null, Map.of(), settings);
        ApplicationReset reset = new ApplicationReset(config);
        Path state = reset.stateDirectory();
        List<String> inputs = List.of(t.partners(), t.crmActivity(), t.webCrawl(), t.pricingEvents());
        AvroWireSerde<PartnerRisk> risks = AvroWireSerde.forValue(cluster.registryClient, PartnerRisk.class);

        Map<String, String> firstRun;
        try (LiveApplication app = new LiveApplication(config)) {
            app.start();
            LiveCluster.await("the instance to run", PATIENCE, () -> app.streams().state() == KafkaStreams.State.RUNNING);
            cluster.sendAll(t, story);
            cluster.sendAll(t, LiveCluster.ticks(end));
            LiveCluster.await("the story to be read", PATIENCE, () -> cluster.caughtUp(APP_ID, t));
            List<ConsumerRecord<String, PartnerRisk>> scores = cluster.readUntil(t.partnerRisk(), risks.deserializer(),
                    rs -> latestSince(rs, Map.of()).equals(expected), PATIENCE);
            firstRun = latestSince(scores, Map.of());

            // while it runs: refused, by the API and by the command, and nothing changed
            Set<String> internalBefore = internalTopics();
            assertThat(internalBefore).anyMatch(n -> n.endsWith("-changelog")).anyMatch(n -> n.endsWith("-repartition"));
            assertThatThrownBy(() -> reset.reset(ResetOptions.execute()))
                    .isInstanceOf(ApplicationReset.Refused.class).hasMessageContaining("active member")
                    .hasMessageContaining("Stop every instance first");
            String[] refused = command(settings);
            assertThat(refused[0]).isEqualTo("1");
            assertThat(refused[2]).contains("reset refused").contains("is running");
            assertThat(internalTopics()).isEqualTo(internalBefore);
            assertThat(state).isDirectory();
        }
        LiveCluster.await("the group to be empty", PATIENCE, this::groupEmpty);
        Map<TopicPartition, OffsetAndMetadata> committedAfterRun = committed();

        // a dry run reports what a reset would do and does none of it
        String[] dry = command(settings, "--dry-run");
        LOG.info("reset --dry-run printed:\n{}", dry[1]);
        assertThat(dry[0]).as("dry run; stderr: %s", dry[2]).isEqualTo("0");
        assertThat(dry[1]).contains("Dry run: nothing changed").contains("would be removed").contains("would delete");
        Set<String> internal = internalTopics();
        assertThat(dry[1]).contains(internal);
        assertThat(committed()).isEqualTo(committedAfterRun);
        assertThat(internalTopics()).isEqualTo(internal);
        assertThat(state).isDirectory();

        ResetSummary summary = reset.reset(ResetOptions.execute());
        LOG.info("reset:\n{}", String.join("\n", summary.lines()));
        assertThat(summary.internalTopics()).containsExactlyElementsOf(internal);
        assertThat(summary.localState()).isEqualTo(ResetSummary.LocalState.REMOVED);
        assertThat(summary.recordsToReprocess()).isPositive();
        assertThat(summary.offsets()).hasSize(inputs.size() * LiveCluster.PARTITIONS);
        // every input partition committed at its earliest offset; the internal topics and the state are gone
        Map<TopicPartition, Long> earliest = earliest(inputs);
        Map<TopicPartition, Long> committedNow = new HashMap<>();
        committed().forEach((tp, o) -> committedNow.put(tp, o.offset()));
        assertThat(committedNow).isEqualTo(earliest);
        assertThat(internalTopics()).isEmpty();
        assertThat(state).doesNotExist();

        // started again, it reads everything again and publishes the same final scores
        Map<TopicPartition, Long> before = cluster.endOffsets(t.partnerRisk());
        try (LiveApplication app = new LiveApplication(config)) {
            app.start();
            LiveCluster.await("the story to be read again", PATIENCE, () -> cluster.caughtUp(APP_ID, t));
            List<ConsumerRecord<String, PartnerRisk>> scores = cluster.readUntil(t.partnerRisk(), risks.deserializer(),
                    rs -> latestSince(rs, before).equals(expected), PATIENCE);
            assertThat(latestSince(scores, before)).isEqualTo(firstRun);
            assertThat(internalTopics()).isNotEmpty();
        }
    }
}
