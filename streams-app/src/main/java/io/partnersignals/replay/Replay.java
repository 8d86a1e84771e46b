package io.partnersignals.replay;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
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
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Replay: the production topology over JSON Lines files, in-process (DESIGN.md, "Replay: the same
 * topology over files").
 *
 * <p>Reads one file per input topic, named after the configured topic ({@code partners.jsonl},
 * {@code competitors.jsonl}, {@code crm.activity.jsonl}, {@code web.crawl.jsonl},
 * {@code pricing.events.jsonl}); a missing file is an empty topic, blank lines are skipped, and a line
 * that is not JSON or not a valid record is reported as {@code file:line: message} and skipped.
 *
 * <p>Runs {@link PartnerSignalsTopology#build} in a {@link TopologyTestDriver} with a fresh state
 * directory, an in-process schema registry, in-memory stores without changelogs (the state is thrown
 * away at the end) and idle advance on. Scores reach the replay in process ({@link
 * io.partnersignals.topology.ScoreReceiver}) rather than encoded through the three output topics; dead
 * letters still go through the topology's dead-letter topic. Time is mocked and set from the data,
 * so the same input always gives the same output bytes:
 * <ol>
 *   <li>the driver's wall clock starts at {@code until - idleAdvanceInterval} when {@code until} is
 *       given, else at the latest event time of the input; events further than maxFutureSkew ahead
 *       of it are refused by the topology as dead letters;</li>
 *   <li>partners, then competitors are piped (keyed by partner and competitor id, timestamped with
 *       the earliest event time so that they do not move stream time ahead of the events);</li>
 *   <li>then every event of the three event topics in event-time order (ties keep the file order
 *       crm, crawl, pricing, then line order), keyed by partner id, timestamped with its event time;</li>
 *   <li>then, when {@code until} is given, the wall clock advances by one idle-advance interval, so
 *       that it lands exactly on {@code until} and scores that change with time alone are re-evaluated.</li>
 * </ol>
 *
 * <p>Writes one file per output topic: {@code partner.risk.jsonl} (the latest record per partner, by
 * partner id), {@code partner.risk.alerts.jsonl} and {@code partner.risk.history.jsonl} (every record,
 * in order), and {@code partner-signals.dlq.jsonl} (one object per dead letter: source topic,
 * partition, offset, the file and line it came from, key, exception, message and the original value in
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

    /** Replays without printing progress. */
    public static ReplayReport run(Path inputDir, Instant until, Path outputDir, TopologySettings settings) {
        return run(inputDir, until, outputDir, settings, (Consumer<String>) null);
    }

    /**
     * Replays the JSON Lines files of {@code inputDir} through the topology and writes the output
     * topics as JSON Lines files into {@code outputDir} (created if missing; files it writes are replaced).
     *
     * @param until    the instant the clock is advanced to after the last record, or null to stop at the
     *                 latest event time
     * @param settings topics and model configuration, as for the live application (idle advance is
     *                 switched on whatever the settings say)
     * @param progress where bad lines, dead letters and progress are printed, or null for silence
     * @throws IllegalArgumentException if {@code inputDir} is not a directory
     * @throws UncheckedIOException if a file cannot be read or written
     */
    public static ReplayReport run(Path inputDir, Instant until, Path outputDir, TopologySettings settings,
                                   PrintStream progress) {
        return run(inputDir, until, outputDir, settings, lines(progress));
    }

    /** As {@link #run(Path, Instant, Path, TopologySettings, PrintStream)}, printing to a writer (flushed per line). */
    public static ReplayReport run(Path inputDir, Instant until, Path outputDir, TopologySettings settings,
                                   PrintWriter progress) {
        return run(inputDir, until, outputDir, settings, lines(progress));
    }

    /** As {@link #run(Path, Instant, Path, TopologySettings, PrintStream)}, handing each progress line to {@code progress}. */
    public static ReplayReport run(Path inputDir, Instant until, Path outputDir, TopologySettings settings,
                                   Consumer<String> progress) {
        Objects.requireNonNull(inputDir, "inputDir");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(settings, "settings");
        if (!Files.isDirectory(inputDir)) {
            throw new IllegalArgumentException("input directory " + inputDir + " does not exist or is not a directory");
        }
        try {
            return new Run(inputDir, until, outputDir, settings.withIdleAdvance(true)
                    .withStateStorage(TopologySettings.StateStorage.EPHEMERAL)
                    .withStateCacheSize(Math.max(settings.stateCacheSize(), REPLAY_STATE_CACHE_SIZE)), progress).execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** One input topic: its file, record type and how to key and time its records. */
    private record Source<V extends SpecificRecord>(int index, String file, Topics.Topic<V> topic, Class<V> type,
                                                    Function<V, String> key, Function<V, Instant> time) {}

    /** What reading one input file found: its records in line order and the lines refused. */
    private record FileRead(List<Pending> records, List<String> problems, boolean missing) {}

    /** A record read and encoded, waiting to be piped. */
    private record Pending(long timestamp, int source, int line, String key, byte[] value) {}

    /** A replay runs every partner in one task: keep more of them decoded than a live task does. */
    static final int REPLAY_STATE_CACHE_SIZE = 20_000;

    private static final class Run {
        private final Path inputDir;
        private final Instant until;
        private final Path outputDir;
        private final TopologySettings settings;
        private final Consumer<String> progress;
        private final LocalSchemaRegistry registry = new LocalSchemaRegistry();
        private final Topics topics;
        private final List<Source<?>> sources;

        private final Map<String, Integer> recordsRead = new LinkedHashMap<>();
        private final List<String> missingFiles = new ArrayList<>();
        private final List<String> badLines = new ArrayList<>();
        private int badLineCount;
        /** Per source, the file line of each piped record, by offset. */
        private final List<IntList> linesByOffset = new ArrayList<>();
        /** Keys are few (one per partner) and events many: each key string is kept once. */
        private final Map<String, String> keys = new ConcurrentHashMap<>();

        /** The latest partner.risk record of each partner. */
        private final TreeMap<String, PartnerRisk> latest = new TreeMap<>();
        /** Scores published since the last drain, in order: written out between two records, not by the topology. */
        private final List<Object> published = new ArrayList<>();
        private int alertsWritten;
        private int historyWritten;
        private int deadLetters;
        private final List<String> deadLetterMessages = new ArrayList<>();

        Run(Path inputDir, Instant until, Path outputDir, TopologySettings settings, Consumer<String> progress) {
            this.inputDir = inputDir;
            this.until = until;
            this.outputDir = outputDir;
            this.settings = settings;
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
                            PricingEvent::getPartnerId, PricingEvent::getOccurredAt));
        }

        ReplayReport execute() throws IOException {
            long started = System.nanoTime();
            List<PartnerRisk> latestRisks = new ArrayList<>();
            // the files are parsed side by side; what each found is reported in file order, as if read one by one.
            // Schemas are registered first, in file order, so that their ids do not depend on which parser got there first.
            for (Source<?> source : sources) {
                AvroWireSerde<?> values = (AvroWireSerde<?>) source.topic().valueSerde();
                registry.register(AvroWireSerde.subject(source.topic().name(), false), values.registeredSchema());
            }
            List<FileRead> files = sources.parallelStream().map(this::read).toList();
            List<List<Pending>> read = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                Source<?> source = sources.get(i);
                FileRead file = files.get(i);
                if (file.missing()) {
                    missingFiles.add(source.file());
                    say(inputDir.resolve(source.file()) + ": missing, read as an empty topic");
                }
                file.problems().forEach(this::bad);
                recordsRead.put(source.file(), file.records().size());
                read.add(file.records());
                linesByOffset.add(new IntList());
            }
            List<Pending> reference = new ArrayList<>(read.get(0));
            reference.addAll(read.get(1));
            List<Pending> events = new ArrayList<>(read.get(2).size() + read.get(3).size() + read.get(4).size());
            events.addAll(read.get(2));
            events.addAll(read.get(3));
            events.addAll(read.get(4));
            read.clear();
            events.sort(Comparator.comparingLong(Pending::timestamp)); // stable: file order, then line order

            long earliest = events.isEmpty() ? 0 : events.get(0).timestamp();
            long latestEvent = events.isEmpty() ? 0 : events.get(events.size() - 1).timestamp();
            Instant wallClock = until != null ? until.minus(settings.idleAdvanceInterval())
                    : Instant.ofEpochMilli(latestEvent);
            long referenceTime = events.isEmpty() ? Math.max(0, wallClock.toEpochMilli()) : earliest;
            say(String.format(Locale.ROOT, "replay: read %d reference records and %d events from %s in %.3f s%s",
                    reference.size(), events.size(), inputDir, (System.nanoTime() - started) / 1e9,
                    until == null ? "" : "; replaying until " + until));

            Files.createDirectories(outputDir);
            Path stateDir = Files.createTempDirectory("partner-signals-replay-");
            long piped = 0;
            try (Writer alerts = writer(topics.alerts.name());
                 Writer history = writer(topics.history.name());
                 Writer dlq = writer(topics.deadLetters)) {
                Topology topology = PartnerSignalsTopology.build(settings, registry, new Properties(),
                        ScoringMetrics.discarding(), (risk, snapshot, alert) -> {
                            latest.put(risk.getPartnerId(), risk);
                            published.add(snapshot);
                            if (alert != null) {
                                published.add(alert);
                            }
                        });
                try (TopologyTestDriver driver = new TopologyTestDriver(topology, properties(stateDir, settings), wallClock)) {
                    List<TestInputTopic<String, byte[]>> inputs = new ArrayList<>();
                    for (Source<?> source : sources) {
                        inputs.add(driver.createInputTopic(source.topic().name(), new StringSerializer(),
                                new ByteArraySerializer()));
                    }
                    Outputs outputs = new Outputs(driver, alerts, history, dlq);
                    for (Pending p : reference) {
                        pipe(inputs, p, referenceTime);
                    }
                    outputs.drain();
                    for (int i = 0; i < events.size(); i++) {
                        Pending p = events.set(i, null); // let what was piped go
                        pipe(inputs, p, p.timestamp());
                        piped++;
                        if (piped % DRAIN_EVERY == 0) {
                            outputs.drain();
                        }
                    }
                    if (until != null) {
                        driver.advanceWallClockTime(settings.idleAdvanceInterval());
                    }
                    outputs.drain();
                }
                try (Writer risk = writer(topics.partnerRisk.name())) {
                    for (PartnerRisk r : latest.values()) {
                        latestRisks.add(r);
                        line(risk, JsonRecords.toLine(r));
                    }
                }
            } finally {
                deleteRecursively(stateDir);
            }
            Map<String, Integer> written = new LinkedHashMap<>();
            written.put(file(topics.partnerRisk.name()), latest.size());
            written.put(file(topics.alerts.name()), alertsWritten);
            written.put(file(topics.history.name()), historyWritten);
            written.put(file(topics.deadLetters), deadLetters);
            if (deadLetters > MAX_PRINTED_PROBLEMS) {
                say("... and " + (deadLetters - MAX_PRINTED_PROBLEMS) + " more dead letters, see "
                        + outputDir.resolve(file(topics.deadLetters)));
            }
            return new ReplayReport(inputDir, outputDir, until, recordsRead, missingFiles, badLineCount, badLines, piped,
                    written, deadLetters, deadLetterMessages, Duration.ofNanos(System.nanoTime() - started),
                    latestRisks);
        }

        private void pipe(List<TestInputTopic<String, byte[]>> inputs, Pending p, long timestamp) {
            linesByOffset.get(p.source()).add(p.line());
            inputs.get(p.source()).pipeInput(p.key(), p.value(), timestamp);
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

        /** Writes out what the topology has produced so far. */
        private final class Outputs {
            private final TestOutputTopic<byte[], byte[]> dlqTopic;
            private final Writer alerts;
            private final Writer history;
            private final Writer dlq;

            Outputs(TopologyTestDriver driver, Writer alerts, Writer history, Writer dlq) {
                this.dlqTopic = driver.createOutputTopic(topics.deadLetters, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
                this.alerts = alerts;
                this.history = history;
                this.dlq = dlq;
            }

            void drain() throws IOException {
                for (Object record : published) {
                    if (record instanceof RiskSnapshot s) {
                        line(history, JsonRecords.toLine(s));
                        historyWritten++;
                    } else {
                        line(alerts, JsonRecords.toLine((RiskAlert) record));
                        alertsWritten++;
                    }
                }
                published.clear();
                for (TestRecord<byte[], byte[]> d : dlqTopic.readRecordsToList()) {
                    line(dlq, JsonRecords.toLine(deadLetter(d)));
                }
            }
        }

        private ObjectNode deadLetter(TestRecord<byte[], byte[]> record) {
            Headers headers = record.headers();
            String topic = header(headers, "__streams.errors.topic");
            String partition = header(headers, "__streams.errors.partition");
            String offset = header(headers, "__streams.errors.offset");
            String exception = header(headers, "__streams.errors.exception");
            String message = header(headers, "__streams.errors.message");
            String source = source(topic, offset);
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("topic", topic);
            node.put("partition", parseLong(partition));
            node.put("offset", parseLong(offset));
            node.put("source", source);
            node.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
            node.put("exception", exception);
            node.put("message", message);
            node.put("value", record.value() == null ? null : Base64.getEncoder().encodeToString(record.value()));
            deadLetters++;
            String text = (source == null ? String.valueOf(topic) : inputDir.resolve(source).toString())
                    + ": refused by the topology: " + message;
            if (deadLetterMessages.size() < ReplayReport.MAX_KEPT_PROBLEMS) {
                deadLetterMessages.add(text);
            }
            if (deadLetters <= MAX_PRINTED_PROBLEMS) {
                say(text);
            }
            return node;
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

        private Writer writer(String topic) throws IOException {
            return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(outputDir.resolve(file(topic))),
                    StandardCharsets.UTF_8), 1 << 16);
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
    static Consumer<String> lines(PrintStream out) {
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
