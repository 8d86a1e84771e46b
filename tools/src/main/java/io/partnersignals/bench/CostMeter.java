package io.partnersignals.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What a Kafka Streams application in this JVM spends on the input records it processes: the CPU time of its stream threads ({@link ThreadCpu}) and the bytes the broker appended to
 * the application's topics while it ran ({@link BrokerBytes}): its output topics, and its changelog and
 * repartition topics ({@code <application.id>-...}). Created before the application starts; {@link
 * #sample} while it runs; {@link #stop} once its input is processed, before it is closed. Both cover
 * the application's whole run, its start-up included (a thread's CPU time counts from its start).
 */
final class CostMeter {

    static final String OUTPUT = "output";
    static final String CHANGELOG = "changelog";
    static final String REPARTITION = "repartition";
    /** Where the application's offset commits and transactions are recorded: counted apart, not in bytes_per_event. */
    static final Set<String> COORDINATION = Set.of("__consumer_offsets", "__transaction_state");

    /**
     * One application's spending over its run.
     *
     * @param records           the input records it processed: the divisor of every figure per event
     * @param streamCpuNanos    CPU time of its stream threads (and global stream thread)
     * @param clientCpuNanos    CPU time of its other threads (the clients' I/O, heartbeat, state updater)
     * @param streamThreads     how many stream threads (the global one included) were measured
     * @param topicBytes        bytes appended to each of its topics
     * @param kindBytes         the same summed by {@link #OUTPUT}, {@link #CHANGELOG} and {@link #REPARTITION}
     * @param coordinationBytes bytes appended to __consumer_offsets and __transaction_state while it ran
     */
    record Cost(long records, long streamCpuNanos, long clientCpuNanos, int streamThreads, Map<String, Long> topicBytes,
                Map<String, Long> kindBytes, long coordinationBytes) {

        double cpuUsPerEvent() {
            return streamCpuNanos / 1e3 / records;
        }

        long bytes() {
            return topicBytes.values().stream().mapToLong(Long::longValue).sum();
        }

        double bytesPerEvent() {
            return (double) bytes() / records;
        }

        private double perEvent(long n) {
            return (double) n / records;
        }

        /** The figure line: {@code <label>: cpu_us_per_event=N bytes_per_event=N ...}. */
        String line(String label) {
            return String.format(Locale.ROOT, "%s: cpu_us_per_event=%.1f bytes_per_event=%.0f client_cpu_us_per_event=%.1f "
                            + "output_bytes_per_event=%.0f changelog_bytes_per_event=%.0f repartition_bytes_per_event=%.0f "
                            + "coordination_bytes_per_event=%.0f stream_cpu_s=%.1f stream_threads=%d bytes=%d records=%d",
                    label, cpuUsPerEvent(), bytesPerEvent(), clientCpuNanos / 1e3 / records,
                    perEvent(kindBytes.getOrDefault(OUTPUT, 0L)), perEvent(kindBytes.getOrDefault(CHANGELOG, 0L)),
                    perEvent(kindBytes.getOrDefault(REPARTITION, 0L)), perEvent(coordinationBytes), streamCpuNanos / 1e9,
                    streamThreads, bytes(), records);
        }

        /** The bytes per input record of each topic, most first: a line for people, not a figure line. */
        String topicsLine(String label) {
            return label + " bytes per input record by topic: " + topicBytes.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), perEvent(e.getValue())))
                    .collect(Collectors.joining(", "));
        }
    }

    private final String applicationId;
    private final Set<String> outputs;
    private final Map<String, Long> before;
    private ThreadCpu cpu;

    /** To be created before the application starts: what the broker has appended until then is not the application's. */
    CostMeter(String applicationId, Collection<String> outputTopics) {
        this.applicationId = applicationId;
        this.outputs = Set.copyOf(outputTopics);
        this.before = BrokerBytes.appended();
    }

    /** Reads its threads' CPU time (at most once a second); {@code streams} must be running (its threads are named then). */
    void sample(KafkaStreams streams) {
        if (cpu == null) {
            cpu = new ThreadCpu(streams, applicationId);
        }
        cpu.sample();
    }

    /** Reads everything a last time; call it once the input is processed, before the application is closed. */
    Cost stop(KafkaStreams streams, long records) {
        sample(streams);
        cpu.sampleNow();
        ThreadCpu.Totals t = cpu.totals();
        Map<String, Long> appended = BrokerBytes.since(before, BrokerBytes.appended());
        Map<String, Long> topics = new LinkedHashMap<>();
        Map<String, Long> kinds = new LinkedHashMap<>();
        long coordination = 0;
        for (Map.Entry<String, Long> e : appended.entrySet()) {
            String kind = kind(e.getKey(), applicationId, outputs);
            if (kind != null) {
                topics.put(e.getKey(), e.getValue());
                kinds.merge(kind, e.getValue(), Long::sum);
            } else if (COORDINATION.contains(e.getKey())) {
                coordination += e.getValue();
            }
        }
        return new Cost(records, t.streamNanos(), t.clientNanos(), t.streamThreads(), topics, kinds, coordination);
    }

    /**
     * Which of the application's topics {@code topic} is: one of its {@code outputs}, or one it made
     * itself ({@code <application.id>-...-changelog}, any other {@code <application.id>-...} being a
     * repartition topic); null: not the application's.
     */
    static String kind(String topic, String applicationId, Set<String> outputs) {
        if (outputs.contains(topic)) {
            return OUTPUT;
        }
        if (!topic.startsWith(applicationId + "-")) {
            return null;
        }
        return topic.endsWith("-changelog") ? CHANGELOG : REPARTITION;
    }
}
