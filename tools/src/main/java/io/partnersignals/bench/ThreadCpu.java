package io.partnersignals.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * The CPU time of one Kafka Streams application's threads in this JVM (ThreadMXBean), told apart
 * from the broker's, the registry's and other applications' threads by name. Kafka Streams names
 * its threads after its client id ({@code <application.id>-<process uuid>} unless client.id is set):
 *
 * <ul>
 *   <li><b>stream threads</b>: {@code <client id>-StreamThread-<n>}, where the topology runs, and
 *   {@code <client id>-GlobalStreamThread}, which keeps the global tables;</li>
 *   <li><b>client threads</b>: the rest of the application's threads: its producers' I/O threads
 *   ({@code kafka-producer-network-thread | <client id>-StreamThread-<n>-producer}, whose names also
 *   contain "StreamThread"), the consumer's heartbeat thread ({@code ... | <application.id>}), the
 *   state updater, the admin client and the cleaner.</li>
 * </ul>
 *
 * A thread's CPU time counts from its start; the last value read is kept after it ends (a stream
 * thread that fails is replaced), so {@link #sample()} is called while the application runs, and
 * once more just before it is closed. RocksDB's own background threads (flushes, compactions) are
 * native threads, invisible here.
 */
final class ThreadCpu {

    /** Which of the application's threads a thread is; null: not the application's. */
    enum Kind { STREAM, CLIENT }

    /** Nanoseconds of CPU per kind of thread, and how many threads were seen. */
    record Totals(long streamNanos, long clientNanos, int streamThreads) {}

    private static final Pattern STREAM_THREAD = Pattern.compile("-StreamThread-\\d+$");
    /** Reading every thread's name costs little, but the benchmark's own thread shares two cores with what it measures. */
    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final KafkaStreams streams;
    private final String applicationId;
    private final Map<Long, Long> cpuNanos = new HashMap<>();
    private final Map<Long, Kind> kinds = new HashMap<>();
    private String clientId;
    private long sampledAt;

    ThreadCpu(KafkaStreams streams, String applicationId) {
        if (!mx.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure the CPU time of a thread");
        }
        mx.setThreadCpuTimeEnabled(true);
        this.streams = streams;
        this.applicationId = applicationId;
    }

    /** Reads the CPU time of every thread of the application, unless it did less than a second ago. */
    void sample() {
        if (System.nanoTime() - sampledAt >= MIN_INTERVAL_NANOS) {
            sampleNow();
        }
    }

    /** Reads the CPU time of every thread of the application now. */
    void sampleNow() {
        if (clientId == null) {
            clientId = clientId(streams);
        }
        long[] ids = mx.getAllThreadIds();
        ThreadInfo[] infos = mx.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            Kind kind = infos[i] == null ? null : kind(infos[i].getThreadName(), clientId, applicationId);
            long nanos = kind == null ? -1 : mx.getThreadCpuTime(ids[i]);
            if (nanos >= 0) { // -1: the thread has ended since getAllThreadIds; its last value stays
                cpuNanos.put(ids[i], nanos);
                kinds.put(ids[i], kind);
            }
        }
        sampledAt = System.nanoTime();
    }

    Totals totals() {
        long stream = 0;
        long client = 0;
        int threads = 0;
        for (Map.Entry<Long, Long> e : cpuNanos.entrySet()) {
            if (kinds.get(e.getKey()) == Kind.STREAM) {
                stream += e.getValue();
                threads++;
            } else {
                client += e.getValue();
            }
        }
        return new Totals(stream, client, threads);
    }

    /** The client id in the names of the application's threads: its stream threads' names without "-StreamThread-n". */
    private static String clientId(KafkaStreams streams) {
        for (ThreadMetadata t : streams.metadataForLocalThreads()) {
            String name = t.threadName();
            var m = STREAM_THREAD.matcher(name);
            if (m.find()) {
                return name.substring(0, m.start());
            }
        }
        throw new IllegalStateException("the application has no stream thread named <client id>-StreamThread-<n>: "
                + Arrays.toString(streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadName).toArray()));
    }

    /** Which of the application's threads {@code threadName} is, for an application with these ids; null: none. */
    static Kind kind(String threadName, String clientId, String applicationId) {
        String streamThread = clientId + "-StreamThread-";
        String n = threadName.startsWith(streamThread) ? threadName.substring(streamThread.length()) : "";
        if (threadName.equals(clientId + "-GlobalStreamThread") || !n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
            return Kind.STREAM;
        }
        if (threadName.contains(clientId + "-") || threadName.endsWith("| " + applicationId)) {
            return Kind.CLIENT;
        }
        return null;
    }
}
