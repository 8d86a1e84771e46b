package io.partnersignals.replay;

import io.partnersignals.json.JsonRecordException;
import io.partnersignals.json.JsonRecords;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.ModelSettings;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.LocalSchemaRegistry;
import io.partnersignals.topology.PartnerSignalsTopology;
import io.partnersignals.topology.ScoringMetrics;
import io.partnersignals.topology.Topics;
import io.partnersignals.topology.TopologySettings;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Replay: the production topology over JSON Lines files, in-process (docs/design.md, "Replay";
 * docs/replay.md).
 *
 * <p>Reads one file per input topic, named after the configured topic ({@code partners.jsonl},
 * {@code competitors.jsonl}, {@code crm.activity.jsonl}, {@code web.crawl.jsonl},
 * {@code pricing.events.jsonl}, and {@code partner-signals.model.jsonl} for versions of the model); a missing file is an empty topic, blank lines are skipped, and a line
 * that is not JSON or not a valid record is reported as {@code file:line: message} and skipped.
 *
 * <p>As the live application does, it splits partners into partitions (Kafka's default partitioner on
 * the partner id; {@code topics.partitions}, 6 by default) and runs each partition as its own task: its
 * own scoring clock, so scores that change with time alone are re-evaluated when that partition's
 * events move its clock, as live. Partitions run side by side on as many threads as there are
 * processors; the output does not depend on how many.
 *
 * <p>Each partition runs {@link PartnerSignalsTopology#build} in a {@link TopologyTestDriver} with a fresh state
 * directory, an in-process schema registry, in-memory stores without changelogs (the state is thrown
 * away at the end) and idle advance on. Scores reach the replay in process ({@link
 * io.partnersignals.topology.ScoreReceiver}) rather than encoded through the three output topics; dead
 * letters still go through the topology's dead-letter topic. Time is mocked and set from the data,
 * so the same input always gives the same output bytes:
 * <ol>
 *   <li>the driver's wall clock starts at {@code until - idleAdvanceInterval} when {@code until} is
 *       given, else at the latest event time of the input; events further than maxFutureSkew ahead
 *       of it are refused by the topology as dead letters;</li>
 *   <li>partners (to their partition), then competitors (a global table: to every partition), then the
 *       versions of the model ({@code partner-signals.model.jsonl}: to every partition, so that each
 *       switches at their effectiveFrom as a live task does) are piped (keyed by partner and competitor
 *       id and model version, timestamped with the earliest event time so that they do not move stream
 *       time ahead of the events);</li>
 *   <li>then every event of the three event topics in event-time order (ties keep the file order
 *       crm, crawl, pricing, then line order), keyed by partner id, timestamped with its event time,
 *       to its partner's partition;</li>
 *   <li>then, when {@code until} is given, the wall clock advances by one idle-advance interval, so
 *       that it lands exactly on {@code until} and scores that change with time alone are re-evaluated.</li>
 * </ol>
 *
 * <p>Writes one file per output topic: {@code partner.risk.jsonl} (the latest record per partner, by
 * partner id), {@code partner.risk.alerts.jsonl} and {@code partner.risk.history.jsonl} (every record,
 * in time order, then partition, then the order the partition published them), and {@code
 * partner-signals.dlq.jsonl} (one object per dead letter, in the order of its record's time: source
 * topic, partition, offset within the partition, the file and line it came from, key, exception, message and the original value in
 * base64).
 */
public final class Replay {

    public static final String APPLICATION_ID = "partner-signals-replay";
    public static final String EXTENSION = ".jsonl";

    /** How many records are piped between two reads of the output topics. */
    private static final int DRAIN_EVERY = 1_000;
    /** How many bad lines and dead letters are printed one by one before only counting. */
    private static final int MAX_PRINTED_PROBLEMS = 20;

    private Replay() {
    }

    /**
     * What to replay and how.
     *
     * @param input      directory of {@code <topic>.jsonl} files
     * @param until      the instant the clock is advanced to after the last record, or null to stop at the
     *                   latest event time
     * @param output     directory for the output topics' files (created if missing; files it writes are replaced)
     * @param settings   topics and model configuration, as for the live application (idle advance is
     *                   switched on whatever the settings say)
     * @param partitions the input topics are split into this many partitions (the live topics'
     *                   {@code topics.partitions}), replayed side by side
     * @param threads    threads the partitions are replayed on; the output does not depend on it
     * @param progress   where bad lines, dead letters and progress go, line by line, or null for silence
     */
    public record Options(Path input, Instant until, Path output, TopologySettings settings, int partitions,
                          int threads, Consumer<String> progress) {

        public Options {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(settings, "settings");
            if (partitions < 1 || threads < 1) {
                throw new IllegalArgumentException("partitions and threads must be at least 1");
            }
        }

        /** {@value #DEFAULT_PARTITIONS} partitions on as many threads as there are processors (at most one each), silent. */
        public static Options of(Path input, Instant until, Path output, TopologySettings settings) {
            return new Options(input, until, output, settings, DEFAULT_PARTITIONS, threadsFor(DEFAULT_PARTITIONS), null);
        }

        /** The same replay written to another directory. */
        public Options withOutput(Path output) {
            return new Options(input, until, output, settings, partitions, threads, progress);
        }

        /** The same replay with other settings (e.g. another model: replay --compare-config). */
        public Options withSettings(TopologySettings settings) {
            return new Options(input, until, output, settings, partitions, threads, progress);
        }

        public Options withPartitions(int partitions) {
            return new Options(input, until, output, settings, partitions, threadsFor(partitions), progress);
        }

        public Options withThreads(int threads) {
            return new Options(input, until, output, settings, partitions, threads, progress);
        }

        public Options withProgress(Consumer<String> progress) {
            return new Options(input, until, output, settings, partitions, threads, progress);
        }

        private static int threadsFor(int partitions) {
            return Math.max(1, Math.min(partitions, Runtime.getRuntime().availableProcessors()));
        }
    }

    /**
     * Replays the JSON Lines files of the input directory through the topology and writes the output
     * topics as JSON Lines files into the output directory.
     *
     * @throws IllegalArgumentException if the input is not a directory
     * @throws UncheckedIOException if a file cannot be read or written
     */
    public static ReplayReport run(Options options) {
        return run(options.input(), options.until(), options.output(), options.settings(), options.partitions(),
                options.threads(), options.progress());
    }

    private static ReplayReport run(Path inputDir, Instant until, Path outputDir, TopologySettings settings,
                                    int partitions, int threads, Consumer<String> progress) {
        Objects.requireNonNull(inputDir, "inputDir");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(settings, "settings");
        if (!Files.isDirectory(inputDir)) {
            throw new IllegalArgumentException("input directory " + inputDir + " does not exist or is not a directory");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        try {
            return new Run(inputDir, until, outputDir, settings.withIdleAdvance(true)
                    .withStateStorage(TopologySettings.StateStorage.EPHEMERAL)
                    // replay is the reference: every change published, whatever the live interval
                    .withPublishInterval(java.time.Duration.ZERO)
                    .withStateCacheSize(Math.max(settings.stateCacheSize(), REPLAY_STATE_CACHE_SIZE)),
                    partitions, Math.max(1, Math.min(threads, partitions)), progress).execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** One input topic: its file, record type and how to key and time its records. */
    private record Source<V extends SpecificRecord>(int index, String file, Topics.Topic<V> topic, Class<V> type,
                                                    Function<V, String> key, Function<V, Instant> time) {}

    /** What reading one input file found: its records in line order and the lines refused. */
    private record FileRead(List<Pending> records, List<String> problems, boolean missing) {}

    /** The next line of a partition's spool: its time, and the line without it. */
    private record SpoolHead(long at, int partition, String line, BufferedReader in) {}

    /** A dead letter of one partition, as written out, with the time of its record and its report line. */
    private record DeadLetterLine(long timestamp, ObjectNode json, String message) {}

    /** The index of the model's versions among the sources. */
    private static final int MODEL_SOURCE = 5;

    /** A record read and encoded, waiting to be piped. */
    private record Pending(long timestamp, int source, int line, String key, byte[] value) {}

    /** Partitions of a replay unless told otherwise: the default of the live topics ({@code topics.partitions}). */
    public static final int DEFAULT_PARTITIONS = 6;

    /** A replay task has nothing else to keep in memory: keep more partners decoded than a live task does. */
    static final int REPLAY_STATE_CACHE_SIZE = 20_000;

    private static final class Run {
        private final Path inputDir;
        private final Instant until;
        private final Path outputDir;
        private final TopologySettings settings;
        private final int partitions;
        private final int threads;
        private final Consumer<String> progress;
        private final LocalSchemaRegistry registry = new LocalSchemaRegistry();
        private final Topics topics;
        private final List<Source<?>> sources;

        private final Map<String, Integer> recordsRead = new LinkedHashMap<>();
        private final List<String> missingFiles = new ArrayList<>();
        private final List<String> badLines = new ArrayList<>();
        private int badLineCount;
        /** Keys are few (one per partner) and events many: each key string is kept once. */
        private final Map<String, String> keys = new ConcurrentHashMap<>();

        private int deadLetters;
        private final List<String> deadLetterMessages = new ArrayList<>();

        Run(Path inputDir, Instant until, Path outputDir, TopologySettings settings, int partitions, int threads,
            Consumer<String> progress) {
            this.inputDir = inputDir;
            this.until = until;
            this.outputDir = outputDir;
            this.settings = settings;
            this.partitions = partitions;
            this.threads = threads;
            this.progress = progress;
            this.topics = new Topics(settings.topics(), registry);
            this.sources = List.of(
                    new Source<>(0, file(topics.partners.name()), topics.partners, Partner.class,
                            Partner::getPartnerId, p -> null),
                    new Source<>(1, file(topics.competitors.name()), topics.competitors, Competitor.class,
                            Competitor::getCompetitorId, c -> null),
                    new Source<>(2, file(topics.crmActivity.name()), topics.crmActivity, CrmActivity.class,
                            CrmActivity::getPartnerId, CrmActivity::getOccurredAt),
                    new Source<>(3, file(topics.webCrawl.name()), topics.webCrawl, CrawlResult.class,
                            CrawlResult::getPartnerId, CrawlResult::getFetchedAt),
                    new Source<>(4, file(topics.pricingEvents.name()), topics.pricingEvents, PricingEvent.class,
                            PricingEvent::getPartnerId, PricingEvent::getOccurredAt),
                    // versions of the model: to every partition before the events, each switches at its effectiveFrom
                    new Source<>(MODEL_SOURCE, file(topics.model.name()), topics.model, ModelSettings.class,
                            m -> String.valueOf(m.getVersion()), m -> null));
        }

        ReplayReport execute() throws IOException {
            long started = System.nanoTime();
            // the files are parsed side by side; what each found is reported in file order, as if read one by one.
            // Schemas are registered first, in file order, so that their ids do not depend on which parser got there first.
            for (Source<?> source : sources) {
                AvroWireSerde<?> values = source.topic().wire();
                registry.register(AvroWireSerde.subject(source.topic().name(), false), values.registeredSchema());
            }
            List<FileRead> files = sources.parallelStream().map(this::read).toList();
            List<List<Pending>> read = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                Source<?> source = sources.get(i);
                FileRead file = files.get(i);
                // versions of the model are optional: without the file, the configuration's model throughout
                boolean optional = source.index() == MODEL_SOURCE;
                if (file.missing() && !optional) {
                    missingFiles.add(source.file());
                    say(inputDir.resolve(source.file()) + ": missing, read as an empty topic");
                }
                file.problems().forEach(this::bad);
                if (!(file.missing() && optional)) {
                    recordsRead.put(source.file(), file.records().size());
                }
                read.add(file.records());
            }
            int referenceCount = read.get(0).size() + read.get(1).size() + read.get(MODEL_SOURCE).size();
            List<Pending> events = new ArrayList<>(read.get(2).size() + read.get(3).size() + read.get(4).size());
            events.addAll(read.get(2));
            events.addAll(read.get(3));
            events.addAll(read.get(4));
            events.sort(Comparator.comparingLong(Pending::timestamp)); // stable: file order, then line order

            long earliest = events.isEmpty() ? 0 : events.get(0).timestamp();
            long latestEvent = events.isEmpty() ? 0 : events.get(events.size() - 1).timestamp();
            Instant wallClock = until != null ? until.minus(settings.idleAdvanceInterval())
                    : Instant.ofEpochMilli(latestEvent);
            long referenceTime = events.isEmpty() ? Math.max(0, wallClock.toEpochMilli()) : earliest;
            say(String.format(Locale.ROOT, "replay: read %d reference records and %d events from %s in %.3f s%s",
                    referenceCount, events.size(), inputDir, (System.nanoTime() - started) / 1e9,
                    until == null ? "" : "; replaying until " + until));

            // partners go to their partition, as the producers' default partitioner sends them; competitors
            // are a global table, so every partition gets them all
            Path workDir = Files.createTempDirectory("partner-signals-replay-");
            List<Partition> parts = new ArrayList<>(partitions);
            for (int i = 0; i < partitions; i++) {
                parts.add(new Partition(i, workDir.resolve("partition-" + i), wallClock, referenceTime));
            }
            read.get(0).forEach(p -> parts.get(partitionOf(p.key())).reference.add(p));
            read.get(1).forEach(p -> parts.forEach(part -> part.reference.add(p)));
            read.get(MODEL_SOURCE).forEach(p -> parts.forEach(part -> part.reference.add(p)));
            read.clear();
            for (int i = 0; i < events.size(); i++) {
                Pending p = events.set(i, null); // each partition's list is all that keeps it
                parts.get(partitionOf(p.key())).events.add(p);
            }
            events = null;

            Files.createDirectories(outputDir);
            TreeMap<String, PartnerRisk> latest = new TreeMap<>();
            Map<String, Integer> written = new LinkedHashMap<>();
            long piped = 0;
            try {
                runAll(parts);
                for (Partition part : parts) {
                    latest.putAll(part.latest);
                    piped += part.piped;
                }
                try (Writer risk = writer(topics.partnerRisk.name())) {
                    for (PartnerRisk r : latest.values()) {
                        line(risk, JsonRecords.toLine(r));
                    }
                }
                written.put(file(topics.partnerRisk.name()), latest.size());
                written.put(file(topics.alerts.name()), mergeByTime(parts.stream().map(p -> p.alertSpool).toList(),
                        topics.alerts.name()));
                written.put(file(topics.history.name()), mergeByTime(parts.stream().map(p -> p.historySpool).toList(),
                        topics.history.name()));
                written.put(file(topics.deadLetters), writeDeadLetters(parts));
            } finally {
                deleteRecursively(workDir);
            }
            if (deadLetters > MAX_PRINTED_PROBLEMS) {
                say("... and " + (deadLetters - MAX_PRINTED_PROBLEMS) + " more dead letters, see "
                        + outputDir.resolve(file(topics.deadLetters)));
            }
            return new ReplayReport(inputDir, outputDir, until, recordsRead, missingFiles, badLineCount, badLines, piped,
                    partitions, threads, written, deadLetters, deadLetterMessages, Duration.ofNanos(System.nanoTime() - started),
                    new ArrayList<>(latest.values()));
        }

        private int partitionOf(String partnerId) {
            return Replay.partitionOf(partnerId, partitions);
        }

        /** Runs every partition to its end, {@code threads} at a time. */
        private void runAll(List<Partition> parts) throws IOException {
            ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
                Thread t = new Thread(task, "replay-partition");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> running = new ArrayList<>();
                for (Partition part : parts) {
                    running.add(pool.submit(() -> {
                        part.run();
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("replay interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } finally {
                pool.shutdownNow();
            }
        }

        /**
         * Writes the lines the partitions spooled, ordered by time, then partition; each partition's own
         * lines are already in time order (its scoring clock never goes back).
         */
        private int mergeByTime(List<Path> spools, String topic) throws IOException {
            PriorityQueue<SpoolHead> heads = new PriorityQueue<>(
                    Comparator.comparingLong(SpoolHead::at).thenComparingInt(SpoolHead::partition));
            List<BufferedReader> readers = new ArrayList<>();
            int count = 0;
            try (Writer out = writer(topic)) {
                for (int i = 0; i < spools.size(); i++) {
                    BufferedReader in = Files.newBufferedReader(spools.get(i), StandardCharsets.UTF_8);
                    readers.add(in);
                    SpoolHead head = next(in, i);
                    if (head != null) {
                        heads.add(head);
                    }
                }
                SpoolHead head;
                while ((head = heads.poll()) != null) {
                    line(out, head.line());
                    count++;
                    SpoolHead following = next(head.in(), head.partition());
                    if (following != null) {
                        heads.add(following);
                    }
                }
            } finally {
                for (BufferedReader in : readers) {
                    in.close();
                }
            }
            return count;
        }

        private static SpoolHead next(BufferedReader in, int partition) throws IOException {
            String text = in.readLine();
            if (text == null) {
                return null;
            }
            int tab = text.indexOf('\t');
            return new SpoolHead(Long.parseLong(text, 0, tab, 10), partition, text.substring(tab + 1), in);
        }

        /** Dead letters in the order their records were timed, then by partition. */
        private int writeDeadLetters(List<Partition> parts) throws IOException {
            List<DeadLetterLine> all = new ArrayList<>();
            parts.forEach(p -> all.addAll(p.deadLetters));
            all.sort(Comparator.comparingLong(DeadLetterLine::timestamp)); // stable: partition, then its order
            try (Writer dlq = writer(topics.deadLetters)) {
                for (DeadLetterLine d : all) {
                    line(dlq, JsonRecords.toLine(d.json()));
                    deadLetters++;
                    if (deadLetterMessages.size() < ReplayReport.MAX_KEPT_PROBLEMS) {
                        deadLetterMessages.add(d.message());
                    }
                    if (deadLetters <= MAX_PRINTED_PROBLEMS) {
                        say(d.message());
                    }
                }
            }
            return all.size();
        }

        /**
         * One partition of the input topics, replayed as the live application's task for it: its own
         * driver, state and scoring clock. Touches nothing shared but the schema registry, so partitions
         * run side by side; its outputs are spooled with their times and merged once all are done.
         */
        private final class Partition {
            private final int index;
            private final Path dir;
            private final Instant wallClock;
            private final long referenceTime;
            final List<Pending> reference = new ArrayList<>();
            final List<Pending> events = new ArrayList<>();
            final Path historySpool;
            final Path alertSpool;
            final TreeMap<String, PartnerRisk> latest = new TreeMap<>();
            final List<DeadLetterLine> deadLetters = new ArrayList<>();
            long piped;
            /** Per source, the file line of each record piped into this partition, by offset. */
            private final List<IntList> linesByOffset = new ArrayList<>();
            /** Scores published since the last drain, in order. */
            private final List<Object> published = new ArrayList<>();

            Partition(int index, Path dir, Instant wallClock, long referenceTime) {
                this.index = index;
                this.dir = dir;
                this.wallClock = wallClock;
                this.referenceTime = referenceTime;
                this.historySpool = dir.resolve("history.spool");
                this.alertSpool = dir.resolve("alerts.spool");
                sources.forEach(s -> linesByOffset.add(new IntList()));
            }

            void run() throws IOException {
                Files.createDirectories(dir);
                Topology topology = PartnerSignalsTopology.build(settings, registry, new Properties(),
                        ScoringMetrics.discarding(), (risk, snapshot, alerts) -> {
                            latest.put(risk.getPartnerId(), risk);
                            published.add(snapshot);
                            // a band change, then a deterioration: the order the alert topic gets them in
                            published.addAll(alerts);
                        });
                try (Writer history = textFile(historySpool);
                     Writer alerts = textFile(alertSpool);
                     TopologyTestDriver driver = new TopologyTestDriver(topology,
                             properties(dir.resolve("state"), settings), wallClock)) {
                    List<TestInputTopic<String, byte[]>> inputs = new ArrayList<>();
                    for (Source<?> source : sources) {
                        inputs.add(driver.createInputTopic(source.topic().name(), new StringSerializer(),
                                new ByteArraySerializer()));
                    }
                    TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(topics.deadLetters,
                            new ByteArrayDeserializer(), new ByteArrayDeserializer());
                    for (Pending p : reference) {
                        pipe(inputs, p, referenceTime);
                    }
                    drain(history, alerts, dlq);
                    for (int i = 0; i < events.size(); i++) {
                        Pending p = events.set(i, null); // let what was piped go
                        pipe(inputs, p, p.timestamp());
                        piped++;
                        if (piped % DRAIN_EVERY == 0) {
                            drain(history, alerts, dlq);
                        }
                    }
                    if (until != null) {
                        driver.advanceWallClockTime(settings.idleAdvanceInterval());
                    }
                    drain(history, alerts, dlq);
                }
            }

            private void pipe(List<TestInputTopic<String, byte[]>> inputs, Pending p, long timestamp) {
                linesByOffset.get(p.source()).add(p.line());
                inputs.get(p.source()).pipeInput(p.key(), p.value(), timestamp);
            }

            /** Spools what the topology has produced so far, each line after its time and a tab. */
            private void drain(Writer history, Writer alerts, TestOutputTopic<byte[], byte[]> dlq) throws IOException {
                for (Object record : published) {
                    if (record instanceof RiskSnapshot s) {
                        spooled(history, s.getComputedAt().toEpochMilli(), JsonRecords.toLine(s));
                    } else {
                        RiskAlert a = (RiskAlert) record;
                        spooled(alerts, a.getAt().toEpochMilli(), JsonRecords.toLine(a));
                    }
                }
                published.clear();
                for (TestRecord<byte[], byte[]> d : dlq.readRecordsToList()) {
                    if (index > 0 && topics.model.name().equals(header(d.headers(), "__streams.errors.topic"))) {
                        continue; // every partition reads every model version: one dead letter for each is enough
                    }
                    deadLetters.add(deadLetter(d));
                }
            }

            private DeadLetterLine deadLetter(TestRecord<byte[], byte[]> record) {
                Headers headers = record.headers();
                String topic = header(headers, "__streams.errors.topic");
                String offset = header(headers, "__streams.errors.offset");
                String exception = header(headers, "__streams.errors.exception");
                String message = header(headers, "__streams.errors.message");
                String source = source(topic, offset);
                ObjectNode node = JsonNodeFactory.instance.objectNode();
                node.put("topic", topic);
                node.put("partition", index); // the driver runs each partition as its partition 0
                node.put("offset", parseLong(offset));
                node.put("source", source);
                node.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
                node.put("exception", exception);
                node.put("message", message);
                node.put("value", record.value() == null ? null : Base64.getEncoder().encodeToString(record.value()));
                String text = (source == null ? String.valueOf(topic) : inputDir.resolve(source).toString())
                        + ": refused by the topology: " + message;
                return new DeadLetterLine(record.timestamp(), node, text);
            }

            /** "file:line" of the input record a dead letter came from, when it can be told. */
            private String source(String topic, String offset) {
                Long off = parseLong(offset);
                for (Source<?> s : sources) {
                    if (s.topic().name().equals(topic) && off != null) {
                        IntList lines = linesByOffset.get(s.index());
                        if (off >= 0 && off < lines.size()) {
                            return s.file() + ":" + lines.get((int) (long) off);
                        }
                    }
                }
                return null;
            }
        }

        /** Parses one input file; runs beside the others, so it touches nothing shared but the key pool. */
        private <V extends SpecificRecord> FileRead read(Source<V> source) {
            Path path = inputDir.resolve(source.file());
            List<Pending> records = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            if (!Files.exists(path)) {
                return new FileRead(records, problems, true);
            }
            String topic = source.topic().name();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                    StandardCharsets.UTF_8), 1 << 16)) {
                String text;
                int lineNo = 0;
                while ((text = in.readLine()) != null) {
                    lineNo++;
                    if (lineNo == 1 && text.startsWith("\uFEFF")) {
                        text = text.substring(1);
                    }
                    if (text.isBlank()) {
                        continue;
                    }
                    try {
                        V value = JsonRecords.fromJson(text, source.type());
                        Instant at = source.time().apply(value);
                        if (at != null && at.toEpochMilli() < 0) {
                            throw new JsonRecordException(source.type() == CrawlResult.class ? "fetchedAt" : "occurredAt",
                                    at + " is before 1970");
                        }
                        byte[] bytes = source.topic().valueSerde().serializer().serialize(topic, value);
                        String key = source.key().apply(value);
                        records.add(new Pending(at == null ? 0 : at.toEpochMilli(), source.index(), lineNo,
                                keys.computeIfAbsent(key, k -> k), bytes));
                    } catch (RuntimeException e) {
                        problems.add(path + ":" + lineNo + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            return new FileRead(records, problems, false);
        }

        private void bad(String message) {
            badLineCount++;
            if (badLines.size() < ReplayReport.MAX_KEPT_PROBLEMS) {
                badLines.add(message);
            }
            if (badLineCount <= MAX_PRINTED_PROBLEMS) {
                say(message);
            } else if (badLineCount == MAX_PRINTED_PROBLEMS + 1) {
                say("... more bad lines are counted but not printed");
            }
        }

        private static Writer textFile(Path file) throws IOException {
            return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
        }

        private static void spooled(Writer out, long at, String json) throws IOException {
            out.write(Long.toString(at));
            out.write('\t');
            out.write(json);
            out.write('\n');
        }

        /** The output file of a topic. */
        private Writer writer(String topic) throws IOException {
            return textFile(outputDir.resolve(file(topic)));
        }

        private void say(String message) {
            if (progress != null) {
                progress.accept(message);
            }
        }
    }

    private static Properties properties(Path stateDir, TopologySettings settings) {
        Properties props = PartnerSignalsTopology.errorHandling(settings.topics());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        // the driver processes each record to the end before the next is piped, so a task never waits
        // for data on its other partitions; with the default (0) every record would still go through
        // the idling check, which formats a log message per empty partition
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        return props;
    }

    /** A growable list of ints, without boxing. */
    private static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }
    }

    /** Prints each line to {@code out}; null for silence. */
    /** The partition of a partner, as Kafka's default partitioner picks it for the partner id as key. */
    public static int partitionOf(String partnerId, int partitions) {
        return Utils.toPositive(Utils.murmur2(partnerId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public static Consumer<String> lines(PrintStream out) {
        return out == null ? null : out::println;
    }

    /** Prints each line to {@code out} and flushes it; null for silence. */
    static Consumer<String> lines(PrintWriter out) {
        return out == null ? null : line -> {
            out.println(line);
            out.flush();
        };
    }

    /** The file name of a topic: the topic name plus ".jsonl". */
    public static String file(String topic) {
        return topic + EXTENSION;
    }

    private static void line(Writer out, String json) throws IOException {
        out.write(json);
        out.write('\n');
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Long parseLong(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException ignored) {
                    // already gone
                } catch (IOException e) {
                    // a leftover temp file is not worth failing the replay for
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
