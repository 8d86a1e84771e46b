package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partnersignals.registry.RegistryUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry.* settings and the wait before a stream thread is replaced, against a local HTTP server double. */
class RegistryOutageTest {

    /** Test double: a registry that answers 503 to its first {@code failures} requests, then its compatibility level. */
    private static final class FlakyRegistryServerDouble implements AutoCloseable {
        final HttpServer server;
        final AtomicInteger failuresLeft = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();

        FlakyRegistryServerDouble() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    requests.incrementAndGet();
                    boolean fail = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                    byte[] body = (fail ? "{\"error_code\":50301,\"message\":\"down\"}"
                            : "{\"compatibilityLevel\":\"BACKWARD\"}").getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private FlakyRegistryServerDouble server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static RegistryOutage outage(Map<String, String> settings, String guarantee) {
        AppConfig config = AppConfig.load(null, Map.of(), settings);
        Properties streams = LiveApplication.streamsProperties(config, new org.apache.kafka.streams.state.HostInfo("h", 1),
                io.partnersignals.topology.ScoringMetrics.discarding(), new io.partnersignals.topology.UnwritableRecords());
        if (guarantee != null) {
            streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        }
        return new RegistryOutage(config, streams);
    }

    @Test
    void waitsBrieflyUnderExactlyOnceAndLongerUnderAtLeastOnce() {
        assertThat(outage(Map.of(), null).retryTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(outage(Map.of(), StreamsConfig.AT_LEAST_ONCE).retryTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(outage(Map.of("registry.retry.timeout", "1s"), null).retryTimeout()).isEqualTo(Duration.ofSeconds(1));
        RegistryOutage outage = outage(Map.of("registry.connect-timeout", "1s", "registry.request-timeout", "1500ms"), null);
        assertThat(outage.settings().connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(outage.settings().requestTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void refusesAWaitThatWouldOutlastTheTransaction() {
        // 4 s + 2 s + 3 s: more than 80 % of Kafka Streams' 10 s
        assertThatThrownBy(() -> outage(Map.of("registry.retry.timeout", "4s"), null))
                .isInstanceOf(AppConfig.ConfigException.class)
                .hasMessageContaining("must stay within 80 % of the transaction timeout (10000 ms)")
                .hasMessageContaining("kafka.producer.transaction.timeout.ms");
        // with a longer transaction it is fine
        Map<String, String> longer = new LinkedHashMap<>();
        longer.put("registry.retry.timeout", "6s");
        longer.put("kafka.producer.transaction.timeout.ms", "30000");
        assertThat(outage(longer, null).retryTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThatThrownBy(() -> outage(Map.of("registry.retry.timeout", "4m"), StreamsConfig.AT_LEAST_ONCE))
                .isInstanceOf(AppConfig.ConfigException.class).hasMessageContaining("80 % of max.poll.interval.ms (300000 ms)");
        assertThatThrownBy(() -> outage(Map.of("registry.retry.backoff-initial", "0s"), null))
                .isInstanceOf(AppConfig.ConfigException.class).hasMessageContaining("registry.retry.backoff-initial");
        assertThatThrownBy(() -> outage(Map.of("registry.retry.backoff-max", "100ms"), null))
                .isInstanceOf(AppConfig.ConfigException.class).hasMessageContaining("must not be shorter");
        assertThatThrownBy(() -> outage(Map.of("registry.request-timeout", "soon"), null))
                .isInstanceOf(AppConfig.ConfigException.class).hasMessageContaining("registry.request-timeout");
    }

    @Test
    void recognisesAnOutageThroughKafkaStreamsWrappers() {
        RegistryUnavailableException down = new RegistryUnavailableException("refused", new java.net.ConnectException());
        assertThat(RegistryOutage.isCause(new StreamsException(new SerializationException("cannot fetch", down)))).isTrue();
        assertThat(RegistryOutage.isCause(new StreamsException(new SerializationException("unknown magic byte")))).isFalse();
    }

    /** Test double of KafkaStreams' pause and resume: counts them. */
    private static final class PauseDouble {
        final AtomicInteger pauses = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();

        boolean paused() {
            return pauses.get() > resumes.get();
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 30 s", what).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void processingIsPausedUntilTheRegistryAnswersAgain() throws IOException {
        server = new FlakyRegistryServerDouble();
        server.failuresLeft.set(3);
        RegistryOutage outage = outage(Map.of("registry.url", server.url(), "registry.retry.backoff-initial", "10ms",
                "registry.retry.backoff-max", "20ms"), null);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        outage.bindTo(meters);
        PauseDouble streams = new PauseDouble();

        outage.pauseUntilAnswered(streams.pauses::incrementAndGet, streams.resumes::incrementAndGet);
        assertThat(streams.pauses.get()).isEqualTo(1);

        await("processing to resume", () -> streams.resumes.get() == 1);
        assertThat(server.requests.get()).isEqualTo(4);
        assertThat(outage.reachability().isReachable()).isTrue();
        assertThat(outage.isPausedForRegistry()).isFalse();
        assertThat(meters.get("partner_signals_registry_reachable").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void whileTheRegistryIsDownProcessingStaysPausedAndTheOutageIsReported() throws IOException {
        server = new FlakyRegistryServerDouble();
        server.failuresLeft.set(Integer.MAX_VALUE);
        RegistryOutage outage = outage(Map.of("registry.url", server.url(), "registry.retry.backoff-initial", "10ms",
                "registry.retry.backoff-max", "20ms"), null);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        outage.bindTo(meters);
        PauseDouble streams = new PauseDouble();

        outage.pauseUntilAnswered(streams.pauses::incrementAndGet, streams.resumes::incrementAndGet);
        // a second thread giving up meanwhile pauses again, and the one watcher resumes once
        outage.pauseUntilAnswered(streams.pauses::incrementAndGet, streams.resumes::incrementAndGet);
        await("the watcher to ask three times", () -> server.requests.get() >= 3);

        assertThat(streams.resumes.get()).isZero();
        assertThat(outage.isPausedForRegistry()).isTrue();
        assertThat(outage.reachability().state().problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("schema registry unreachable since ").contains("HTTP 503"));
        assertThat(meters.get("partner_signals_registry_reachable").gauge().value()).isEqualTo(0.0);

        server.failuresLeft.set(0);
        await("processing to resume", () -> streams.resumes.get() == 1);
        assertThat(streams.paused()).isTrue(); // paused twice, resumed once: KafkaStreams' pause is a flag, not a count
        assertThat(outage.reachability().isReachable()).isTrue();
    }

    @Test
    void callsOfTheApplicationRetryAndAreCounted() throws IOException {
        server = new FlakyRegistryServerDouble();
        server.failuresLeft.set(Integer.MAX_VALUE);
        RegistryOutage outage = outage(Map.of("registry.url", server.url(), "registry.retry.backoff-initial", "10ms",
                "registry.retry.backoff-max", "50ms", "registry.retry.timeout", "300ms"), null);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        outage.bindTo(meters);

        assertThatThrownBy(() -> outage.registry().byId(1)).isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("No answer from the schema registry in");
        assertThat(meters.get("partner_signals_registry_retries").functionCounter().count()).isPositive();
    }

    @Test
    void closeEndsTheWatch() throws Exception {
        server = new FlakyRegistryServerDouble();
        server.failuresLeft.set(Integer.MAX_VALUE);
        RegistryOutage outage = outage(Map.of("registry.url", server.url(), "registry.retry.backoff-initial", "1m",
                "registry.retry.backoff-max", "1m"), null);
        PauseDouble streams = new PauseDouble();
        outage.pauseUntilAnswered(streams.pauses::incrementAndGet, streams.resumes::incrementAndGet);
        await("the watcher to ask", () -> server.requests.get() >= 1);

        outage.close();

        await("the watch to end", () -> !outage.isPausedForRegistry());
        assertThat(streams.resumes.get()).isZero();
    }
}
