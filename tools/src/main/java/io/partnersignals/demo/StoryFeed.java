package io.partnersignals.demo;

import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.registry.SchemaRegistry;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.topology.TopicNames;
import io.partnersignals.topology.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a story onto the input topics in accelerated time. The story is shifted so that it starts
 * when the feed starts; an event that happened {@code d} after the story's start is sent {@code d / pace}
 * later, with its event time (and record timestamp) shifted alike. Partners and competitors go first.
 * After the story's last event the story clock keeps running: every story day each page is crawled
 * again with its last known signals, so that time passes for the application and what depends on time
 * alone (a request nobody answers, windows sliding past old facts) keeps moving, until {@link #close()}.
 */
public final class StoryFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoryFeed.class);

    /** Story time per wall time at speed 1: a minute of wall time is three weeks of story. */
    public static final double PACE = Duration.ofDays(21).toMillis() / (double) Duration.ofMinutes(1).toMillis();

    private final Story story;
    private final TopicNames names;
    private final Topics topics;
    private final double pace;
    private final KafkaProducer<String, byte[]> producer;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread = new Thread(this::run, "story-feed");
    private final AtomicLong sent = new AtomicLong();
    /** The latest crawl of each URL, in story time. */
    private final Map<String, CrawlResult> lastCrawls = new LinkedHashMap<>();
    private volatile Instant startedAt;
    private volatile Instant storyTime;
    private volatile Throwable failure;
    private long startNanos;

    /**
     * @param speed how much faster than {@link #PACE} the story runs (1 = three weeks a minute)
     */
    public StoryFeed(Story story, TopicNames names, String bootstrapServers, SchemaRegistry registry, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, got " + speed);
        }
        this.story = story;
        this.names = names;
        this.topics = new Topics(names, registry);
        this.pace = PACE * speed;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "partner-signals-story-feed",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000),
                new StringSerializer(), new ByteArraySerializer());
        thread.setDaemon(true);
    }

    /** Starts sending; the story's first event is sent now, stamped with the current time. */
    public synchronized void start() {
        startNanos = System.nanoTime();
        startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        thread.start();
    }

    private void run() {
        try {
            for (Partner p : story.partners()) {
                send(names.partners(), p.getPartnerId(), topics.partners.valueSerde().serializer()
                        .serialize(names.partners(), p), startedAt);
            }
            for (Competitor c : story.competitors()) {
                send(names.competitors(), c.getCompetitorId(), topics.competitors.valueSerde().serializer()
                        .serialize(names.competitors(), c), startedAt);
            }
            Instant last = story.start();
            for (SpecificRecord event : story.events()) {
                last = Story.timeOf(event);
                if (!sendAt(event, last)) {
                    return;
                }
                if (event instanceof CrawlResult crawl) {
                    lastCrawls.put(crawl.getUrl(), crawl);
                }
            }
            LOG.info("the story is told; re-crawling {} pages every story day from now on", lastCrawls.size());
            for (Instant day = last.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS); ;
                 day = day.plus(1, ChronoUnit.DAYS)) {
                List<CrawlResult> today = new ArrayList<>();
                for (CrawlResult c : lastCrawls.values()) {
                    Instant at = day.plus(Duration.between(c.getFetchedAt().truncatedTo(ChronoUnit.DAYS), c.getFetchedAt()));
                    today.add(CrawlResult.newBuilder(c).setFetchedAt(at).build());
                }
                today.sort(Comparator.comparing(CrawlResult::getFetchedAt));
                for (CrawlResult c : today) {
                    if (!sendAt(c, c.getFetchedAt())) {
                        return;
                    }
                }
                if (today.isEmpty() && !waitUntil(day)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("the story feed stopped", e);
        }
    }

    /** Waits until {@code at} (story time) is due, then sends the event shifted; false when stopped. */
    private boolean sendAt(SpecificRecord event, Instant at) {
        if (!waitUntil(at)) {
            return false;
        }
        Instant shifted = shift(at);
        if (event instanceof CrmActivity a) {
            a = CrmActivity.newBuilder(a).setOccurredAt(shifted).build();
            send(names.crmActivity(), a.getPartnerId(),
                    topics.crmActivity.valueSerde().serializer().serialize(names.crmActivity(), a), shifted);
        } else if (event instanceof CrawlResult c) {
            c = CrawlResult.newBuilder(c).setFetchedAt(shifted).build();
            send(names.webCrawl(), c.getPartnerId(),
                    topics.webCrawl.valueSerde().serializer().serialize(names.webCrawl(), c), shifted);
        } else if (event instanceof PricingEvent p) {
            p = PricingEvent.newBuilder(p).setOccurredAt(shifted).build();
            send(names.pricingEvents(), p.getPartnerId(),
                    topics.pricingEvents.valueSerde().serializer().serialize(names.pricingEvents(), p), shifted);
        }
        storyTime = shifted;
        return true;
    }

    private boolean waitUntil(Instant at) {
        double storyMillis = Duration.between(story.start(), at).toMillis();
        long dueNanos = startNanos + (long) (storyMillis / pace * 1e6);
        try {
            long wait = dueNanos - System.nanoTime();
            return wait <= 0 ? stop.getCount() > 0 : !stop.await(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void send(String topic, String key, byte[] value, Instant timestamp) {
        producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value), (metadata, e) -> {
            if (e != null && failure == null) {
                failure = e;
                LOG.error("cannot send to {}", topic, e);
            }
        });
        sent.incrementAndGet();
    }

    /** A story instant as the application sees it. */
    public Instant shift(Instant storyInstant) {
        return startedAt.plus(Duration.between(story.start(), storyInstant));
    }

    /** When the feed started: the story's first instant, shifted. Null before {@link #start()}. */
    public Instant startedAt() {
        return startedAt;
    }

    /** The (shifted) event time of the latest event sent, or null. */
    public Instant storyTime() {
        return storyTime;
    }

    public long sent() {
        return sent.get();
    }

    /** What stopped the feed or failed to be sent, if anything. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * A story: JSON Lines files named after the input topics ({@code partners.jsonl}, {@code competitors.jsonl},
     * {@code crm.activity.jsonl}, {@code web.crawl.jsonl}, {@code pricing.events.jsonl}), as for replay;
     * a missing file is an empty topic. Events are in event-time order (ties keep the file order).
     */
    public record Story(String source, List<Partner> partners, List<Competitor> competitors,
                        List<SpecificRecord> events) {

        public Story {
            if (events.isEmpty()) {
                throw new IllegalArgumentException(source + " has no events (crm.activity, web.crawl or pricing.events)");
            }
            partners = List.copyOf(partners);
            competitors = List.copyOf(competitors);
            events = List.copyOf(events);
        }

        /** The story packaged in the jar: examples/story. */
        public static Story packaged() {
            return read("the packaged story", file -> StoryFeed.class.getResourceAsStream("/story/" + file));
        }

        public static Story fromDirectory(Path dir) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("story directory " + dir + " does not exist or is not a directory");
            }
            return read(dir.toString(), file -> {
                try {
                    Path path = dir.resolve(file);
                    return Files.exists(path) ? Files.newInputStream(path) : null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        private static Story read(String source, Function<String, InputStream> open) {
            TopicNames files = TopicNames.defaults();
            List<SpecificRecord> events = new ArrayList<>();
            events.addAll(lines(source, files.crmActivity(), CrmActivity.class, open));
            events.addAll(lines(source, files.webCrawl(), CrawlResult.class, open));
            events.addAll(lines(source, files.pricingEvents(), PricingEvent.class, open));
            events.sort(Comparator.comparing(Story::timeOf)); // stable: file order, then line order
            return new Story(source, lines(source, files.partners(), Partner.class, open),
                    lines(source, files.competitors(), Competitor.class, open), events);
        }

        private static <T extends SpecificRecord> List<T> lines(String source, String topic, Class<T> type,
                                                                Function<String, InputStream> open) {
            String file = topic + ".jsonl";
            List<T> records = new ArrayList<>();
            try (InputStream in = open.apply(file)) {
                if (in == null) {
                    return records;
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                int lineNo = 0;
                for (String line; (line = reader.readLine()) != null; ) {
                    lineNo++;
                    if (lineNo == 1 && line.startsWith("\uFEFF")) {
                        line = line.substring(1);
                    }
                    if (!line.isBlank()) {
                        try {
                            records.add(JsonRecords.fromJson(line.strip(), type));
                        } catch (RuntimeException e) {
                            throw new IllegalArgumentException(source + ": " + file + ":" + lineNo + ": " + e.getMessage(), e);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + " of " + source + ": " + e.getMessage(), e);
            }
            return records;
        }

        static Instant timeOf(SpecificRecord event) {
            if (event instanceof CrmActivity a) {
                return a.getOccurredAt();
            }
            if (event instanceof CrawlResult c) {
                return c.getFetchedAt();
            }
            return ((PricingEvent) event).getOccurredAt();
        }

        /** The first event's time. */
        public Instant start() {
            return timeOf(events.get(0));
        }

        /** The last event's time. */
        public Instant end() {
            return timeOf(events.get(events.size() - 1));
        }

        public int size() {
            return partners.size() + competitors.size() + events.size();
        }
    }
}
