package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.replay.Replay;
import io.partnersignals.replay.ReplayReport;
import io.partnersignals.runtime.LiveCluster.Input;
import io.partnersignals.topology.PartnerSignalsTopology;
import io.partnersignals.topology.Subsequence;
import io.partnersignals.topology.TopicNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A clean stop and a restart of the shaded jar on the same state directory, on a real KRaft broker
 * and Apicurio Registry: SIGTERM exits 0 and leaves a changelog offset for every store; the restart
 * restores nothing it already had, and the scores go on as replay computes them. And start-up on a
 * state directory it cannot use stops with a message that says what to fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Path JAR = Path.of("target/partner-signals.jar");
    /** The global competitors table lives in memory: every start reloads it from its (small) topic. */
    private static final String RELOADED_ON_EVERY_START = PartnerSignalsTopology.COMPETITORS_STORE;
    private static final Pattern RESTORED = Pattern.compile(
            "^partner_signals_restored_records_total\\{store=\"([^\"]+)\"} (\\S+)$", Pattern.MULTILINE);

    private LiveCluster cluster;
    private List<Input> story;
    private Instant end;
    private Map<String, String> expected;
    private List<RiskSnapshot> replayHistory;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws IOException {
        assertThat(JAR).as("the shaded jar is built before the integration tests").exists();
        cluster = new LiveCluster();
        story = LiveCluster.story();
        end = LiveCluster.end(story);
        // the oracle: replay of the same inputs, clock ticks included
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
    void stop() throws IOException {
        if (cluster != null) {
            // the instances' logs outlive the cluster's temp directory, for a failure to be read
            Path logs = Files.createDirectories(Path.of("target/it-logs/restart"));
            try (Stream<Path> files = Files.list(cluster.work)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                    Files.copy(f, logs.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            cluster.close();
        }
    }

    private static String essence(PartnerRisk r) {
        return r.getScore() + " " + r.getBand() + " " + r.getModelVersion() + " " + r.getFactors() + " " + r.getReasons();
    }

    @Test
    void aSigtermLeavesAnOffsetForEveryStoreAndARestartRestoresNothingItHad() throws Exception {
        TopicNames t = LiveCluster.topics("restart.");
        String appId = "it-restart";
        Path stateDir = cluster.work.resolve("restart-state");
        int half = story.size() / 2;

        // first run: half of the story, then SIGTERM
        int port1 = LiveCluster.freePort();
        Map<String, String> settings1 = cluster.settings(appId, t, port1);
        settings1.put("state.dir", stateDir.toString());
        Path log1 = cluster.work.resolve("restart-1.log");
        Process first = instance(settings1, log1);
        try {
            LiveCluster.await("the first run to be ready", PATIENCE, () -> ready(port1));
            cluster.sendAll(t, story.subList(0, half));
            LiveCluster.await("the first run to read half the story", PATIENCE, () -> cluster.caughtUp(appId, t));
            first.destroy();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("the first run stops on SIGTERM").isTrue();
        } finally {
            first.destroyForcibly();
        }
        String firstLog = Files.readString(log1);
        assertThat(first.exitValue()).as("exit code of a clean stop; log:\n%s", firstLog).isZero();
        assertThat(firstLog).contains("Kafka Streams stopped cleanly").contains("partner-signals stopped");

        // what it left: every RocksDB store closed with its changelog offset, every window store its checkpoint file
        Map<String, Long> offsets = StoreOffsets.read(stateDir.resolve(appId));
        assertThat(offsets).as("stores with a recorded changelog offset").isNotEmpty();
        assertThat(offsets.keySet()).anyMatch(k -> k.endsWith("/" + PartnerSignalsTopology.FACT_STORE));
        List<Path> joinCheckpoints;
        try (Stream<Path> files = Files.walk(stateDir.resolve(appId))) {
            joinCheckpoints = files.filter(f -> f.getFileName().toString()
                    .startsWith(".checkpoint_" + PartnerSignalsTopology.HARMFUL_ASK_JOIN_STORE)).toList();
        }
        // two join stores (this side, other side) per task of the scoring sub-topology, one task per partition
        assertThat(joinCheckpoints).hasSize(2 * LiveCluster.PARTITIONS);

        // second run on the same state directory: nothing restored, then the rest of the story
        int port2 = LiveCluster.freePort();
        Map<String, String> settings2 = cluster.settings(appId, t, port2);
        settings2.put("state.dir", stateDir.toString());
        Path log2 = cluster.work.resolve("restart-2.log");
        Process second = instance(settings2, log2);
        try {
            long started = System.nanoTime();
            LiveCluster.await("the restarted instance to be ready", PATIENCE, () -> ready(port2));
            System.out.printf("restart: ready %.1f s after launch%n", (System.nanoTime() - started) / 1e9);
            Map<String, Double> restored = restored(port2);
            assertThat(restored).as("restore counters").containsKey(PartnerSignalsTopology.FACT_STORE);
            restored.forEach((store, records) -> {
                if (!store.equals(RELOADED_ON_EVERY_START)) {
                    assertThat(records).as("records restored into %s", store).isZero();
                }
            });
            String secondLog = Files.readString(log2);
            assertThat(secondLog).doesNotContain("did not find checkpoint offsets").doesNotContain("TaskCorrupted")
                    .doesNotContain("didn't find a valid state");
            assertThat(secondLog).containsPattern("store " + PartnerSignalsTopology.FACT_STORE + ": restored 0 records");

            cluster.sendAll(t, story.subList(half, story.size()));
            LiveCluster.await("the restarted instance to read the rest", PATIENCE, () -> cluster.caughtUp(appId, t));
            cluster.sendAll(t, LiveCluster.ticks(end));
            LiveCluster.await("the restarted instance to read the clock ticks", PATIENCE, () -> cluster.caughtUp(appId, t));

            // nothing lost: the final scores are replay's; nothing doubled: no score published twice in a row
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
                    assertThat(list.get(i)).as("%s score %d", partner, i).isNotEqualTo(list.get(i - 1));
                }
            });
            List<ConsumerRecord<String, RiskSnapshot>> history = cluster.readAll(t.history(),
                    AvroWireSerde.forValue(cluster.registryClient, RiskSnapshot.class).deserializer());
            assertThat(Subsequence.firstBreak(history.stream().map(ConsumerRecord::value).toList(), replayHistory)).isNull();

            second.destroy();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the restarted instance stops on SIGTERM").isTrue();
            assertThat(second.exitValue()).isZero();
        } finally {
            second.destroyForcibly();
        }
    }

    // ---- a state directory it cannot use ----------------------------------------------------------

    @Test
    void aStateDirectoryThatCannotBeCreatedStopsStartUpWithWhatToFix() throws Exception {
        Path file = Files.writeString(cluster.work.resolve("not-a-directory"), "a regular file");
        Path dir = file.resolve("state");
        Failed failed = failedStart("state.dir", dir.toString());
        assertThat(failed.output()).contains("state.dir " + dir.toAbsolutePath() + " cannot be created")
                .contains("point state.dir at a directory");
    }

    @Test
    void aVolumeWithTooLittleRoomStopsStartUpWithWhatToFix() throws Exception {
        Path dir = Files.createDirectories(cluster.work.resolve("small-volume-state"));
        long more = Files.getFileStore(dir).getUsableSpace() + (1L << 40);
        Failed failed = failedStart("state.dir", dir.toString(), "state.min-free-space", String.valueOf(more));
        assertThat(failed.output()).contains("state.dir " + dir.toAbsolutePath() + " has ")
                .contains("less than state.min-free-space").contains("point state.dir at a larger volume");
    }

    @Test
    void aStateDirectoryWithoutWriteAccessStopsStartUpWithWhatToFix() throws Exception {
        Path dir = Files.createDirectories(cluster.work.resolve("read-only-state"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // root writes whatever the permission bits say: then there is nothing to test here
            Assumptions.assumeFalse(Files.isWritable(dir), "this user can write a read-only directory (root)");
            Failed failed = failedStart("state.dir", dir.toString());
            assertThat(failed.output()).contains("state.dir " + dir.toAbsolutePath() + " cannot be written")
                    .contains("give this user write access");
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private record Failed(int exitCode, String output) {}

    /** Starts the jar with {@code extra} settings, which must stop it before it runs; returns its code and output. */
    private Failed failedStart(String... extra) throws Exception {
        Map<String, String> settings = cluster.settings("it-bad-state", LiveCluster.topics("bad-state."),
                LiveCluster.freePort());
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        Path log = Files.createTempFile(cluster.work, "bad-state-", ".log");
        Process p = instance(settings, log);
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("start-up stops").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(p.exitValue()).as("exit code; output:\n%s", output).isEqualTo(2);
        assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in thread");
        return new Failed(p.exitValue(), output);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private Process instance(Map<String, String> settings, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-jar", JAR.toString(), "run"));
        settings.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private boolean ready(int port) {
        try {
            return get(port, "/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** partner_signals_restored_records_total by store, from /metrics. */
    private Map<String, Double> restored(int port) throws IOException, InterruptedException {
        Map<String, Double> restored = new TreeMap<>();
        Matcher m = RESTORED.matcher(get(port, "/metrics").body());
        while (m.find()) {
            restored.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return restored;
    }

    private static Map<String, String> essences(List<ConsumerRecord<String, PartnerRisk>> records) {
        Map<String, String> e = new TreeMap<>();
        records.forEach(r -> e.put(r.key(), essence(r.value())));
        return e;
    }
}
