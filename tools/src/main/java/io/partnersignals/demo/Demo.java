package io.partnersignals.demo;

import io.partnersignals.embedded.EmbeddedRegistry;
import io.partnersignals.embedded.EmbeddedKafka;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.runtime.AppConfig;
import io.partnersignals.runtime.LiveApplication;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything on this machine, on loopback: an embedded Kafka node, Apicurio Registry, the live
 * application, the example story fed in accelerated time, and a live table of the scores.
 * {@link #close()} stops them in reverse order and removes every temp directory; it may run while
 * {@link #start()} is still under way (Ctrl-C during start-up), which then stops.
 */
public final class Demo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(90);

    /**
     * @param speed     1 = a minute of wall time is three weeks of story
     * @param httpPort  the application's HTTP port (0 = any free one)
     * @param storyDir  a directory of {@code <topic>.jsonl} files, or null for the packaged story
     * @param overrides settings on top of the demo's, as {@code --set} gives them
     * @param out       where the start-up lines and the table go
     * @param redraw    redraw the table in place (a terminal) instead of appending
     */
    public record Options(double speed, int httpPort, Path storyDir, Map<String, String> overrides,
                          PrintStream out, boolean redraw) {}

    private final Options options;
    private final Path registryJar;
    private final StoryFeed.Story story;
    private final Path workDir;
    private EmbeddedKafka kafka;
    private EmbeddedRegistry registry;
    private LiveApplication app;
    private StoryFeed feed;
    private LiveTable table;
    private boolean closed;

    /** Checks the options, finds Apicurio Registry and reads the story; starts nothing. */
    public Demo(Options options) {
        if (!(options.speed() > 0) || Double.isInfinite(options.speed())) {
            throw new IllegalArgumentException("--speed must be a positive number, got " + options.speed());
        }
        this.options = options;
        this.registryJar = EmbeddedRegistry.locateJar();
        this.story = options.storyDir() == null ? StoryFeed.Story.packaged() : StoryFeed.Story.fromDirectory(options.storyDir());
        config("127.0.0.1:9092", "http://127.0.0.1:8080", Path.of(".")).topologySettings(); // a bad --set fails here
        try {
            this.workDir = Files.createTempDirectory("partner-signals-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the demo", e);
        }
    }

    /**
     * The demo's settings. The feed stamps events with story time shifted to start now, and story time
     * runs 30,240 times faster than the wall clock at the default pace, so event times run far ahead of
     * the wall clock. So the wall clock must not move the scoring clock (idle advance off: event time
     * alone drives scoring), and the future-skew guard, which compares event times with the wall clock,
     * must allow the lead: 400 days would be used up after about 20 minutes at the default pace, so a
     * century is allowed (29 hours of demo). The broker is told likewise (see {@link #start()}).
     */
    private AppConfig config(String bootstrapServers, String registryUrl, Path stateDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap.servers", bootstrapServers);
        settings.put("registry.url", registryUrl);
        settings.put("application.id", "partner-signals-demo");
        settings.put("topics.partitions", "3");
        settings.put("topics.replication-factor", "1");
        settings.put("kafka.num.standby.replicas", "0");
        settings.put("state.dir", stateDir.toString());
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", String.valueOf(options.httpPort()));
        settings.put("http.advertised-host", "localhost");
        settings.put("scoring.idle-advance", "false");
        settings.put("scoring.max-future-skew", "36500d");
        settings.put("http.story-time", "true"); // the pages mark story time and count ages from the latest score
        settings.putAll(options.overrides());
        return AppConfig.load(null, System.getenv(), settings);
    }

    /** Starts everything and returns once the story is being fed and the table shown. */
    public void start() throws InterruptedException {
        long started = System.nanoTime();
        PrintStream out = options.out();
        out.println("partner-signals demo: starting Kafka and Apicurio Registry on 127.0.0.1 ...");
        // the registry takes longest: it starts in the background while Kafka and the application start
        keep(EmbeddedRegistry.launch(registryJar));
        keep(EmbeddedKafka.start(Map.of(
                // the story's events are stamped in the future (see config): the broker must take them
                "log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE))));
        keep(new LiveApplication(config(kafka.bootstrapServers(), registry.url(), workDir.resolve("state"))));
        app.start();
        registry.awaitReady(EmbeddedRegistry.DEFAULT_READY_TIMEOUT);
        awaitRunning(app.streams());
        keep(new StoryFeed(story, app.settings().topics(), kafka.bootstrapServers(),
                new ConfluentRestSchemaRegistry(registry.url()), options.speed()));
        feed.start();
        keep(new LiveTable(app.streams(), app::risk, out, options.redraw(), this::header));

        out.printf(Locale.ROOT, "  Kafka            %s (embedded KRaft broker and controller)%n", kafka.bootstrapServers());
        out.printf(Locale.ROOT, "  schema registry  %s (Apicurio Registry, pid %d)%n", registry.url(), registry.pid());
        out.printf(Locale.ROOT, "  story            %d records from %s, %s to %s, %s%n", story.size(), story.source(),
                day(story.start()), day(story.end()), pace());
        if (Files.exists(logFile())) {
            out.printf(Locale.ROOT, "  logs             %s (removed at the end)%n", logFile());
        }
        out.printf(Locale.ROOT, "  page             %s%n", pageUrl());
        out.printf(Locale.ROOT, "started in %.1f s; Ctrl-C stops everything%n%n", (System.nanoTime() - started) / 1e9);
        table.start();
    }

    /** Keeps a started component, or stops it at once when the demo was closed meanwhile. */
    private synchronized void keep(AutoCloseable component) {
        if (closed) {
            closeQuietly(component);
            throw new CancellationException("the demo was stopped while starting");
        }
        if (component instanceof EmbeddedKafka k) {
            kafka = k;
        } else if (component instanceof EmbeddedRegistry r) {
            registry = r;
        } else if (component instanceof LiveApplication a) {
            app = a;
        } else if (component instanceof StoryFeed f) {
            feed = f;
        } else if (component instanceof LiveTable t) {
            table = t;
        }
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
                    || System.nanoTime() > deadline) {
                throw new IllegalStateException("the application did not reach RUNNING (state " + streams.state()
                        + "); see the log");
            }
            Thread.sleep(50);
        }
    }

    private String header() {
        Instant now = feed.storyTime();
        String clock = now == null ? "story not started"
                : "story day " + (ChronoUnit.DAYS.between(feed.startedAt(), now) + 1) + ", " + day(now)
                + (now.isAfter(feed.shift(story.end())) ? " (after the story: pages re-crawled daily)" : "");
        return "partner-signals demo | " + clock + " | " + feed.sent() + " records sent"
                + feed.failure().map(e -> " | FEED STOPPED: " + e.getMessage()).orElse("")
                + "\npage " + pageUrl() + " | " + pace() + " | Ctrl-C stops everything";
    }

    private String pace() {
        double weeksPerMinute = 3 * options.speed();
        return String.format(Locale.ROOT, "%s weeks of story a minute",
                weeksPerMinute == Math.rint(weeksPerMinute) ? String.valueOf((long) weeksPerMinute)
                        : String.format(Locale.ROOT, "%.2f", weeksPerMinute));
    }

    private static String day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** Where the application's page is (served by {@link LiveApplication}'s HTTP endpoints). */
    public String pageUrl() {
        return "http://localhost:" + options.httpPort() + "/";
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedRegistry registry() {
        return registry;
    }

    public LiveApplication application() {
        return app;
    }

    public StoryFeed feed() {
        return feed;
    }

    public LiveTable table() {
        return table;
    }

    public StoryFeed.Story story() {
        return story;
    }

    /** Stops the feed, the table, the application, the registry and Kafka, in that order, and removes the temp dirs. */
    @Override
    public void close() {
        List<AutoCloseable> inOrder = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            inOrder.add(feed);
            inOrder.add(table);
            inOrder.add(app);
            inOrder.add(registry);
            inOrder.add(kafka);
        }
        inOrder.forEach(Demo::closeQuietly);
        EmbeddedKafka.deleteRecursively(workDir);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("stopping {} failed", c.getClass().getSimpleName(), e);
        }
    }

    /**
     * Sends the logs to {@code file}, and to the console only this application's errors: the console
     * belongs to the live table. (The embedded broker logs errors that its clients retry, e.g. when
     * transactions follow each other closely.) Does nothing unless logback is the logging backend.
     */
    public static void logTo(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("DEMO_FILE");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
            it.next().addFilter(new Filter<>() {
                @Override
                public FilterReply decide(ILoggingEvent event) {
                    return event.getLevel().isGreaterOrEqual(Level.ERROR)
                            && event.getLoggerName().startsWith("io.partnersignals") ? FilterReply.NEUTRAL : FilterReply.DENY;
                }
            });
        }
        root.addAppender(appender);
    }

    /** Where {@link #logTo} should write: in the demo's directory, removed at the end. */
    public Path logFile() {
        return workDir.resolve("partner-signals.log");
    }
}
