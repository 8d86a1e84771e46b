package io.partnersignals.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The demo end to end in this JVM, with the story at 40 times the default pace (two weeks of story a second). */
class DemoIT {

    static final Duration DEADLINE = Duration.ofSeconds(90);

    @Test
    void scoresTheStoryLiveKeepsTimeMovingAndLeavesNothingBehind() throws Exception {
        // child processes of this JVM from earlier test classes (the fault suite's shared broker and registry)
        java.util.Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Demo demo = new Demo(new Demo.Options(40, 0, null, Map.of(),
                new PrintStream(output, true, StandardCharsets.UTF_8), false));
        Path kafkaData;
        Path registryDir;
        try {
            demo.start();
            kafkaData = demo.kafka().dataDir();
            registryDir = demo.registry().logFile().getParent();
            Supplier<Map<String, PartnerRisk>> store = () -> demo.table().risks().stream()
                    .collect(Collectors.toMap(PartnerRisk::getPartnerId, Function.identity()));

            await("scores for the three partners, prodigal RED", () -> {
                Map<String, PartnerRisk> risks = store.get();
                return risks.keySet().containsAll(List.of("fixstars", "prodigal", "drifter"))
                        && risks.get("prodigal").getBand() == RiskBand.RED;
            });
            // after the story's last event the clock keeps running: drifter's unanswered request keeps ageing
            Instant storyEnd = demo.feed().shift(demo.story().end());
            await("re-scoring after the story's end", () -> {
                PartnerRisk drifter = store.get().get("drifter");
                return drifter != null && drifter.getComputedAt().isAfter(storyEnd.plus(Duration.ofDays(2)));
            });
            assertThat(demo.feed().failure()).isEmpty();
            assertThat(partnersOnTheRiskTopic(demo)).contains("fixstars", "prodigal", "drifter");
            await("the table printed", () -> output.toString(StandardCharsets.UTF_8).contains("Prodigal Accelerators"));
        } finally {
            demo.close();
        }
        assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid).filter(pid -> !before.contains(pid)))
                .as("processes left behind").isEmpty();
        assertThat(kafkaData).doesNotExist();
        assertThat(registryDir).doesNotExist();
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("Ctrl-C stops everything", "RED");
    }

    private static List<String> partnersOnTheRiskTopic(Demo demo) {
        String topic = demo.application().settings().topics().partnerRisk();
        Map<String, PartnerRisk> latest = new HashMap<>();
        try (KafkaConsumer<String, PartnerRisk> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "demo-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), AvroWireSerde.forValue(new ConfluentRestSchemaRegistry(demo.registry().url()),
                        PartnerRisk.class).deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (latest.size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
            }
        }
        return List.copyOf(latest.keySet());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
