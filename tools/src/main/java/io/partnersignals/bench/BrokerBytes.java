package io.partnersignals.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The bytes the broker has appended to each topic since it started: its per-topic
 * {@code kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=<topic>} meter (a count, not
 * a rate), read from this JVM's MBean server, so only for the embedded broker of {@link BenchCluster}.
 *
 * <p>Why this and not the log directories' sizes or the producers' metrics: the meter counts every
 * record batch appended to a topic's log as written, transaction markers included (the coordinator
 * writes one per partition per commit on a transactional producer's behalf), and nothing takes bytes
 * away from it, while a log directory shrinks when Kafka Streams purges its repartition topics
 * (deleteRecords after each commit) and when compaction runs, and the producers' {@code byte-total}
 * misses the markers, counts a retried batch twice and is gone when a stream thread is replaced.
 */
final class BrokerBytes {

    private static final String METER = "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=*";

    private BrokerBytes() {
    }

    /** Bytes appended so far, per topic that the broker has appended to (a topic not yet written has no meter). */
    static Map<String, Long> appended() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Long> bytes = new TreeMap<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName(METER), null)) {
                bytes.put(name.getKeyProperty("topic"), ((Number) server.getAttribute(name, "Count")).longValue());
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the embedded broker's BytesInPerSec meters", e);
        }
        return bytes;
    }

    /** Per topic, what was appended between two readings of {@link #appended()} (topics with nothing appended left out). */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((topic, n) -> {
            long delta = n - before.getOrDefault(topic, 0L);
            if (delta > 0) {
                d.put(topic, delta);
            }
        });
        return d;
    }
}
