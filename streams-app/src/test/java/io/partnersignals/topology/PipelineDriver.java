package io.partnersignals.topology;

import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.ModelSettings;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.registry.LocalSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The production topology in a TopologyTestDriver, with typed access to its topics. */
final class PipelineDriver implements AutoCloseable {

    /** Mock wall clock: well after the test events, so none of them is refused as future. */
    static final Instant WALL_CLOCK = Instant.parse("2026-12-31T00:00:00Z");

    final LocalSchemaRegistry registry = new LocalSchemaRegistry();
    final Topics topics;
    final TopologyTestDriver driver;
    final TestInputTopic<String, Partner> partners;
    final TestInputTopic<String, Competitor> competitors;
    final TestInputTopic<String, CrmActivity> crm;
    final TestInputTopic<String, CrawlResult> crawl;
    final TestInputTopic<String, PricingEvent> pricing;
    final TestInputTopic<String, byte[]> rawCrm;
    /** Versions of the model, keyed by version (a null value withdraws one). */
    final TestInputTopic<String, ModelSettings> model;
    final TestInputTopic<String, byte[]> rawModel;
    final TestOutputTopic<String, PartnerRisk> risk;
    final TestOutputTopic<String, RiskAlert> alerts;
    final TestOutputTopic<String, RiskSnapshot> history;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Path stateDir;

    PipelineDriver(TopologySettings settings) {
        this(settings, WALL_CLOCK);
    }

    PipelineDriver(TopologySettings settings, Instant wallClock) {
        this(settings, wallClock, null);
    }

    /** With a {@code receiver}, scores go to it and the three output topics stay empty. */
    PipelineDriver(TopologySettings settings, Instant wallClock, ScoreReceiver receiver) {
        this(settings, wallClock, receiver, ScoringMetrics.discarding(), new Properties());
    }

    /**
     * With the application's metrics and extra Kafka Streams properties (such as {@link
     * PartnerSignalsTopology#errorHandling}, for records whose processing fails).
     */
    PipelineDriver(TopologySettings settings, ScoringMetrics metrics, Properties extra) {
        this(settings, WALL_CLOCK, null, metrics, extra);
    }

    private PipelineDriver(TopologySettings settings, Instant wallClock, ScoreReceiver receiver, ScoringMetrics metrics,
                           Properties extra) {
        try {
            stateDir = Files.createTempDirectory("partner-signals-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        topics = new Topics(settings.topics(), registry);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "partner-signals-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "test:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        props.putAll(extra);
        driver = new TopologyTestDriver(PartnerSignalsTopology.build(settings, registry, extra, metrics, receiver),
                props, wallClock);
        currentWallClock = wallClock;
        partners = input(topics.partners);
        competitors = input(topics.competitors);
        crm = input(topics.crmActivity);
        crawl = input(topics.webCrawl);
        pricing = input(topics.pricingEvents);
        rawCrm = driver.createInputTopic(topics.crmActivity.name(), new StringSerializer(), new ByteArraySerializer());
        model = input(topics.model);
        rawModel = driver.createInputTopic(topics.model.name(), new StringSerializer(), new ByteArraySerializer());
        risk = output(topics.partnerRisk);
        alerts = output(topics.alerts);
        history = output(topics.history);
        deadLetters = driver.createOutputTopic(topics.deadLetters, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private <V> TestInputTopic<String, V> input(Topics.Topic<V> t) {
        return driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topics.Topic<V> t) {
        return driver.createOutputTopic(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
    }

    void send(CrmActivity a) {
        crm.pipeInput(a.getPartnerId(), a, a.getOccurredAt());
    }

    void send(CrawlResult c) {
        crawl.pipeInput(c.getPartnerId(), c, c.getFetchedAt());
    }

    void send(PricingEvent e) {
        pricing.pipeInput(e.getPartnerId(), e, e.getOccurredAt());
    }

    void send(Object event) {
        if (event instanceof CrmActivity a) {
            send(a);
        } else if (event instanceof CrawlResult c) {
            send(c);
        } else if (event instanceof PricingEvent p) {
            send(p);
        } else {
            throw new IllegalArgumentException("not an event: " + event);
        }
    }

    /** Moves the mock wall clock, which (with idle advance on) moves the scoring clock too. */
    void advanceWallClockTo(Instant t) {
        driver.advanceWallClockTime(java.time.Duration.between(currentWallClock, t));
        currentWallClock = t;
    }

    private Instant currentWallClock;

    /** Every risk record published so far, in order. */
    List<TestRecord<String, PartnerRisk>> risks() {
        return risk.readRecordsToList();
    }

    /** The latest risk record per partner among those published so far. */
    Map<String, PartnerRisk> latest() {
        return risk.readKeyValuesToMap();
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files only
        }
    }
}
