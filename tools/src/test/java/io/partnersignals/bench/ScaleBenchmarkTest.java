package io.partnersignals.bench;

import io.partnersignals.replay.Replay;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ScaleBenchmarkTest {

    @Test
    void partitionsKeysAsTheProducerDoes() {
        for (int p = 0; p < 1000; p++) {
            String id = String.format("p%06d", p);
            assertThat(Replay.partitionOf(id, 6))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), 6));
        }
    }

    @Test
    void namesTheInstanceOfAGroupMember() {
        assertThat(ScaleBenchmark.instanceOf("scale-b-StreamThread-1-consumer")).isEqualTo("b");
        assertThat(ScaleBenchmark.instanceOf("scale-a-2-StreamThread-12-consumer")).isEqualTo("a-2");
        assertThat(ScaleBenchmark.instanceOf("someone-else")).isEqualTo("someone-else");
    }

    @Test
    void readsTheRestoreConsumersLagPerChangelogPartition() {
        PrometheusText m = PrometheusText.parse("""
                kafka_consumer_fetch_manager_records_lag{client_id="scale-b-StateUpdater-1-restore-consumer",partition="0",topic="bench-scale-partner-state-changelog"} 0.0
                kafka_consumer_fetch_manager_records_lag{client_id="scale-b-StateUpdater-1-restore-consumer",partition="3",topic="bench-scale-partner-state-changelog"} 250.0
                kafka_consumer_fetch_manager_records_lag{client_id="scale-b-StreamThread-1-consumer",partition="0",topic="crm.activity"} 7.0
                kafka_consumer_fetch_manager_records_lag_max{client_id="scale-b-StateUpdater-1-restore-consumer"} 250.0
                """);
        assertThat(ScaleBenchmark.restoreLags(m)).containsOnly(
                Map.entry(new TopicPartition("bench-scale-partner-state-changelog", 0), 0.0),
                Map.entry(new TopicPartition("bench-scale-partner-state-changelog", 3), 250.0));
    }

    @Test
    void sumsTheRecordsAStartRestoredWithTheCompetitorsTableApart() {
        PrometheusText m = PrometheusText.parse("""
                partner_signals_restored_records_total{store="partner-facts"} 12.0
                partner_signals_restored_records_total{store="partner-due"} 3.0
                partner_signals_restored_records_total{store="competitors-store"} 40.0
                partner_signals_scores_published_total 9.0
                """);
        assertThat(ScaleBenchmark.restored(m)).isEqualTo(new ScaleBenchmark.Restored(15, 40));
    }

    @Test
    void theDefaultSessionTimeoutIsKafkasConsumerDefault() {
        assertThat(ScaleBenchmark.defaultSessionTimeoutMs()).isEqualTo(45_000L);
    }

    @Test
    void runsTheApplicationFromTheJarOrTheClassPath() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("application.id", "bench-scale");
        settings.put("http.port", "8089");
        assertThat(ApplicationProcess.command("java", "512m", Path.of("/x/partner-signals.jar"), "cp", settings))
                .containsExactly("java", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-jar", "/x/partner-signals.jar",
                        "run", "--set", "application.id=bench-scale", "--set", "http.port=8089");
        assertThat(ApplicationProcess.command("java", "1g", Path.of("/x/classes"), "/x/classes:/y.jar", Map.of()))
                .containsExactly("java", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-cp", "/x/classes:/y.jar",
                        "io.partnersignals.tools.Tools", "run");
    }
}
