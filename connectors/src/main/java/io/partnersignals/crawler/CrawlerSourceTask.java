package io.partnersignals.crawler;

import io.partnersignals.contract.CrawlResult;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.registry.SchemaRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crawls its share of the partners and emits a CrawlResult per page whose signals changed or whose
 * refresh is due: key the partner id (a string), value the CrawlResult in the Confluent wire format
 * (bytes, for the ByteArrayConverter), timestamp the fetch time. One page per poll; a poll waits at
 * most a second when nothing is ready, so that stop() and offset commits are not held up.
 */
public class CrawlerSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(CrawlerSourceTask.class);
    private static final long MAX_POLL_NANOS = Duration.ofSeconds(1).toNanos();

    private final Clock clock;
    private final Function<CrawlerConfig, SchemaRegistry> registries;
    private final Function<CrawlerConfig, AddressGuard> guards;
    private final Map<Map<String, String>, PageOffset> offsets = new HashMap<>();
    private volatile CountDownLatch stopped = new CountDownLatch(1);
    private Crawler crawler;
    private Serializer<CrawlResult> serializer;
    private String topic;
    private long refreshMillis;
    private CrawlResult pending; // built, but the registry failed: sent first on the next poll

    public CrawlerSourceTask() {
        this(Clock.systemUTC(), config -> new ConfluentRestSchemaRegistry(config.registrySettings()),
                config -> new AddressGuard(config.allowPrivateAddresses()));
    }

    /** With the clock that stamps fetches, the schema registry and the address guard (with its resolver) to use (tests). */
    CrawlerSourceTask(Clock clock, Function<CrawlerConfig, SchemaRegistry> registries, Function<CrawlerConfig, AddressGuard> guards) {
        this.clock = clock;
        this.registries = registries;
        this.guards = guards;
    }

    @Override
    public String version() {
        return CrawlerSourceConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        CrawlerConfig config = new CrawlerConfig(props);
        stopped = new CountDownLatch(1);
        topic = config.topic();
        refreshMillis = config.refreshInterval().toMillis();
        serializer = new AvroWireSerde<>(registries.apply(config), CrawlResult.class, false, config.autoRegister()).serializer();
        PageFetcher fetcher = new PageFetcher(guards.apply(config), config.userAgent(),
                config.requestTimeout(), config.maxResponseBytes());
        crawler = new Crawler(config, config.partners(), fetcher, clock, System::nanoTime);
        loadOffsets(config);
        log.info("Crawler task started for partners {} ({} stored page offsets of start URLs)",
                config.getList(CrawlerConfig.PARTNERS), offsets.values().stream().filter(o -> o != null).count());
    }

    /** The offsets of the start URLs in one read; other pages' offsets are read when they are first fetched. */
    private void loadOffsets(CrawlerConfig config) {
        offsets.clear();
        List<Map<String, String>> partitions = new ArrayList<>();
        config.partners().forEach(p -> p.startUrls().forEach(u -> partitions.add(PageOffset.partition(p.id(), u.toString()))));
        Map<Map<String, String>, Map<String, Object>> stored = context.offsetStorageReader().offsets(partitions);
        for (Map<String, String> partition : partitions) {
            offsets.put(partition, PageOffset.fromMap(stored == null ? null : stored.get(partition)));
        }
    }

    private PageOffset offset(Map<String, String> partition) {
        if (!offsets.containsKey(partition)) {
            offsets.put(partition, PageOffset.fromMap(context.offsetStorageReader().offset(partition)));
        }
        return offsets.get(partition);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (pending != null) {
            CrawlResult page = pending;
            pending = null;
            return List.of(record(page));
        }
        long deadline = System.nanoTime() + MAX_POLL_NANOS;
        while (stopped.getCount() > 0) {
            Crawler.Step step = crawler.step();
            if (step.page() != null) {
                SourceRecord record = emit(step.page());
                if (record != null) {
                    return List.of(record);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            if (step.page() == null && step.waitNanos() > 0) {
                stopped.await(Math.min(step.waitNanos(), left), TimeUnit.NANOSECONDS);
            }
        }
        return null;
    }

    /** The record of a page, or null when its signals are unchanged and its refresh is not due. */
    private SourceRecord emit(CrawlResult page) {
        Map<String, String> partition = PageOffset.partition(page.getPartnerId(), page.getUrl());
        PageOffset last = offset(partition);
        long fetchedAt = page.getFetchedAt().toEpochMilli();
        if (last != null && last.fingerprint().equals(PageOffset.fingerprint(page)) && fetchedAt - last.fetchedAt() < refreshMillis) {
            log.debug("Partner {}: {} unchanged since {}; not emitted", page.getPartnerId(), page.getUrl(), last.fetchedAt());
            return null;
        }
        return record(page);
    }

    private SourceRecord record(CrawlResult page) {
        byte[] value;
        try {
            value = serializer.serialize(topic, page);
        } catch (RuntimeException e) {
            pending = page;
            throw new RetriableException("Cannot serialize the crawl of " + page.getUrl() + ": " + e.getMessage(), e);
        }
        Map<String, String> partition = PageOffset.partition(page.getPartnerId(), page.getUrl());
        PageOffset offset = new PageOffset(page.getFetchedAt().toEpochMilli(), PageOffset.fingerprint(page));
        offsets.put(partition, offset);
        return new SourceRecord(partition, offset.toMap(), topic, null, Schema.STRING_SCHEMA, page.getPartnerId(),
                Schema.BYTES_SCHEMA, value, offset.fetchedAt());
    }

    /** True when no crawl is running and none is due (tests). */
    boolean idle() {
        return crawler.idle();
    }

    @Override
    public void stop() {
        stopped.countDown();
    }
}
