package io.partnersignals.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baselines the application is measured against, on the bench cluster: programs that copy every
 * input record to one output topic and do nothing else, timed until their consumer group has committed
 * every input partition to its end. bench-live and bench-catchup run the same ones.
 */
final class PassThrough {

    /** The baseline's commit interval: Kafka Streams' default under exactly_once_v2. */
    static final long COMMIT_NANOS = 100_000_000L;

    /** The Kafka Streams pass-through's run: seconds from RUNNING to the end committed, and what it spent. */
    record StreamsRun(double runningSeconds, CostMeter.Cost cost) {}

    private PassThrough() {
    }

    /**
     * The transactional pass-through: a read_committed consumer and a transactional producer (under
     * exactly_once*; else read_uncommitted, idempotent, offsets committed after a flush), offsets sent in
     * the transaction, a commit every 100 ms. Returns the seconds from its start until every record of
     * {@code inputs} is copied and its offsets committed.
     */
    static double transactional(BenchCluster cluster, List<String> inputs, String output, String group, String guarantee,
                                int partitions, Duration timeout) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(output, partitions, (short) 1))).all().get();
        }
        boolean eos = guarantee.startsWith("exactly");
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, eos ? "read_committed" : "read_uncommitted");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AtomicBoolean done = new AtomicBoolean();
        long t0 = System.nanoTime();
        Thread loop = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
                 KafkaProducer<byte[], byte[]> producer = cluster.bytesProducer(eos ? group + "-tx" : null)) {
                if (eos) {
                    producer.initTransactions();
                }
                consumer.subscribe(inputs);
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                long txStart = 0;
                boolean open = false;
                while (!done.get()) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                    if (!records.isEmpty() && eos && !open) {
                        producer.beginTransaction();
                        open = true;
                        txStart = System.nanoTime();
                    }
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        producer.send(new ProducerRecord<>(output, null, r.timestamp(), r.key(), r.value()));
                        offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    boolean due = System.nanoTime() - txStart >= COMMIT_NANOS || records.isEmpty();
                    if (!offsets.isEmpty() && due) {
                        if (eos) {
                            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                            producer.commitTransaction();
                            open = false;
                        } else {
                            producer.flush();
                            consumer.commitSync(offsets);
                            txStart = System.nanoTime();
                        }
                        offsets.clear();
                    }
                }
            }
        }, "bench-baseline");
        loop.start();
        try {
            cluster.awaitCaughtUp(group, inputs, timeout, () -> { });
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            done.set(true);
            loop.join();
        }
    }

    /**
     * The framework's own ceiling: a Kafka Streams application that copies every input record to one
     * topic (bytes, no state), with the given guarantee and commit interval. Returns the seconds from
     * RUNNING until every input partition is committed to its end, and its CPU and bytes per record.
     */
    static StreamsRun streams(BenchCluster cluster, List<String> inputs, String output, String applicationId,
                              String guarantee, int commitMs, int partitions, Path stateDir, long records,
                              Duration timeout) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(output, partitions, (short) 1))).all().get();
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(inputs, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("inputs"))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("copy"));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        CostMeter meter = new CostMeter(applicationId, List.of(output));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
            streams.start();
            long running = LiveBenchmark.awaitRunning(streams, Duration.ofMinutes(2));
            cluster.awaitCaughtUp(applicationId, inputs, timeout, () -> meter.sample(streams));
            double seconds = (System.nanoTime() - running) / 1e9;
            return new StreamsRun(seconds, meter.stop(streams, records));
        }
    }
}
