package io.partnersignals.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.PageKind;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.LocalSchemaRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The task against a fixture site on 127.0.0.1, driven through start and poll as a worker would. */
class CrawlerSourceTaskTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String SITE = "acme.test";
    private static final String DOCS = "docs.acme.test";

    private final FixtureSiteDouble site = FixtureSiteDouble.start();
    private final LocalSchemaRegistry registry = new LocalSchemaRegistry();
    private final AvroWireSerde<CrawlResult> serde = AvroWireSerde.forValue(registry, CrawlResult.class);
    private final List<CrawlerSourceTask> tasks = new ArrayList<>();

    @AfterEach
    void stop() {
        tasks.forEach(CrawlerSourceTask::stop);
        site.close();
    }

    /** DNS of the tests: *.test is the fixture site on 127.0.0.1, except intranet.acme.test (127.0.0.2, refused). */
    private static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.equals("intranet.acme.test")) {
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 2})};
        }
        if (host.endsWith(".test")) {
            return new InetAddress[] {InetAddress.getByAddress(host, LOOPBACK.getAddress())};
        }
        throw new UnknownHostException(host);
    }

    private Map<String, String> config() {
        Map<String, String> props = new HashMap<>();
        props.put("registry.url", "http://registry.invalid:8081");
        props.put("partners", "acme");
        props.put("partner.acme.start.urls", site.url(SITE, "/"));
        props.put("us.names", "Scalable Informatics");
        props.put("us.domains", "scalableinformatics.com");
        props.put("max.depth", "3");
        props.put("max.response.bytes", String.valueOf(64 * 1024));
        props.put("per.host.min.interval.ms", "0");
        props.put("request.timeout.ms", "5000");
        return props;
    }

    /** A started task; the fixture site's address is exempt from the guard, the rest of 127/8 is not. */
    private CrawlerSourceTask start(Map<String, String> props, OffsetStorageReaderDouble offsets, Clock clock) {
        Function<CrawlerConfig, AddressGuard> guards = c -> new AddressGuard(c.allowPrivateAddresses(),
                CrawlerSourceTaskTest::resolve, Set.of(LOOPBACK));
        CrawlerSourceTask task = new CrawlerSourceTask(clock, c -> registry, guards);
        task.initialize(new SourceTaskContextDouble(props, offsets));
        task.start(props);
        tasks.add(task);
        return task;
    }

    private CrawlerSourceTask start(Map<String, String> props, OffsetStorageReaderDouble offsets) {
        return start(props, offsets, Clock.systemUTC());
    }

    /** Polls until the crawl is over, as the worker's loop would. */
    private static List<SourceRecord> crawl(CrawlerSourceTask task) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!task.idle()) {
            if (System.nanoTime() > deadline) {
                fail("the crawl did not finish within 60 s");
            }
            List<SourceRecord> polled = task.poll();
            if (polled != null) {
                records.addAll(polled);
            }
        }
        return records;
    }

    private Map<String, CrawlResult> byPath(List<SourceRecord> records) {
        Map<String, CrawlResult> results = new LinkedHashMap<>();
        for (SourceRecord record : records) {
            CrawlResult result = serde.deserializer().deserialize(record.topic(), (byte[]) record.value());
            results.put(result.getUrl().replace("http://" + SITE + ":" + site.port(), ""), result);
        }
        return results;
    }

    @Test
    void aCrawlEmitsOneCrawlResultPerPageWithItsSignals() throws Exception {
        List<SourceRecord> records = crawl(start(config(), new OffsetStorageReaderDouble()));
        Map<String, CrawlResult> pages = byPath(records);

        assertThat(pages.keySet()).containsExactlyInAnyOrder("/", "/partners.html", "/benchmarks/octo.html",
                "/news/launch.html", "/products/box.html", "/private/open.html", "/missing.html", "/gone.html",
                "/moved/target.html", "/big.html", "/deep/1.html", "/deep/2.html",
                "http://docs.acme.test:" + site.port() + "/manual.html");
        assertThat(records).hasSize(pages.size());

        assertSignals(pages.get("/"), 200, PageKind.GENERAL, false, false, "www.rival.example");
        assertSignals(pages.get("/partners.html"), 200, PageKind.PARTNER_DIRECTORY, true, true,
                "notscalableinformatics.com", "rival.example", "www.scalableinformatics.com");
        assertSignals(pages.get("/benchmarks/octo.html"), 200, PageKind.BENCHMARK, true, false, "www.rival.example");
        assertSignals(pages.get("/news/launch.html"), 200, PageKind.PRESS, false, false); // script and a longer word only
        assertSignals(pages.get("/products/box.html"), 200, PageKind.PRODUCT, true, true, "scalableinformatics.com");
        assertSignals(pages.get("/missing.html"), 404, PageKind.GENERAL, false, false);
        assertSignals(pages.get("/gone.html"), 410, PageKind.GENERAL, false, false);
        assertSignals(pages.get("/moved/target.html"), 200, PageKind.GENERAL, true, false);
        // the size cap: the link at its start is read, the mention 1 MiB further is not
        assertSignals(pages.get("/big.html"), 200, PageKind.GENERAL, false, true, "scalableinformatics.com");

        SourceRecord first = records.get(0);
        CrawlResult index = pages.get("/");
        assertThat(first.topic()).isEqualTo("web.crawl");
        assertThat(first.key()).isEqualTo("acme");
        assertThat(first.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(first.valueSchema()).isEqualTo(Schema.BYTES_SCHEMA);
        assertThat(first.timestamp()).isEqualTo(index.getFetchedAt().toEpochMilli());
        assertThat(first.sourcePartition()).isEqualTo(Map.of("partner", "acme", "url", site.url(SITE, "/")));
        assertThat(first.sourceOffset().get("fetchedAt")).isEqualTo(index.getFetchedAt().toEpochMilli());
        assertThat(first.sourceOffset().get("fingerprint")).asString().hasSize(32);
        assertThat(((byte[]) first.value())[0]).isEqualTo((byte) 0); // Confluent wire format
        assertThat(registry.subjects()).containsExactly("web.crawl-value");
    }

    private static void assertSignals(CrawlResult page, int status, PageKind kind, boolean mentionsUs, boolean linksToUs,
            String... outboundHosts) {
        assertThat(page.getPartnerId()).isEqualTo("acme");
        assertThat(page.getHttpStatus()).as(page.getUrl()).isEqualTo(status);
        assertThat(page.getPageKind()).as(page.getUrl()).isEqualTo(kind);
        assertThat(page.getMentionsUs()).as(page.getUrl() + " mentions us").isEqualTo(mentionsUs);
        assertThat(page.getLinksToUs()).as(page.getUrl() + " links to us").isEqualTo(linksToUs);
        assertThat(page.getOutboundHosts()).as(page.getUrl()).containsExactly(outboundHosts);
    }

    @Test
    void politeAndSafe() throws Exception {
        crawl(start(config(), new OffsetStorageReaderDouble()));
        List<String> asked = site.paths(SITE);

        assertThat(asked.get(0)).isEqualTo("/robots.txt");
        assertThat(asked).filteredOn("/robots.txt"::equals).hasSize(1);
        assertThat(site.paths(DOCS)).containsExactly("/robots.txt", "/manual.html");
        assertThat(asked).contains("/private/open.html").doesNotContain("/private/secret.html"); // robots.txt
        assertThat(asked).contains("/deep/2.html").doesNotContain("/deep/3.html"); // depth 3
        assertThat(asked).containsSubsequence("/redirect/1", "/redirect/6").doesNotContain("/redirect/7"); // 5 redirects
        assertThat(asked).doesNotHaveDuplicates();
        assertThat(site.paths("elsewhere.test")).isEmpty(); // a redirect off the partner's domains
        assertThat(site.paths("intranet.acme.test")).isEmpty(); // 127.0.0.2: refused by the guard
        assertThat(site.requests()).allSatisfy(r -> assertThat(r.host()).isIn(SITE, DOCS));
    }

    @Test
    void redirectsMeetTheSameAddressGuard() throws Exception {
        try (LogCapture log = LogCapture.of(Crawler.class)) {
            crawl(start(config(), new OffsetStorageReaderDouble()));

            assertThat(log.warnings()).anySatisfy(m -> assertThat(m)
                    .contains("refused intranet.acme.test").contains("127.0.0.2").contains("loopback"));
        }
        assertThat(site.paths(SITE)).contains("/intranet.html");
        assertThat(site.paths("intranet.acme.test")).isEmpty();
    }

    @Test
    void withoutAllowPrivateAddressesALoopbackSiteIsRefusedAndLogged() throws Exception {
        Map<String, String> props = config();
        props.put("partner.acme.start.urls", "http://127.0.0.1:" + site.port() + "/");
        props.put("allow.private.addresses", "false");
        CrawlerSourceTask task = new CrawlerSourceTask(Clock.systemUTC(), c -> registry,
                c -> new AddressGuard(c.allowPrivateAddresses())); // the production guard, real resolution
        task.initialize(new SourceTaskContextDouble(props, new OffsetStorageReaderDouble()));
        tasks.add(task);

        try (LogCapture log = LogCapture.of(Crawler.class)) {
            task.start(props);
            assertThat(crawl(task)).isEmpty();

            assertThat(log.warnings()).anySatisfy(m -> assertThat(m).contains("refused 127.0.0.1").contains("loopback"));
        }
        assertThat(site.requests()).isEmpty();
    }

    @Test
    void withAllowPrivateAddressesTheSameLoopbackSiteIsCrawled() throws Exception {
        Map<String, String> props = config();
        props.put("partner.acme.start.urls", "http://127.0.0.1:" + site.port() + "/products/box.html");
        props.put("allow.private.addresses", "true");
        props.put("max.depth", "0");
        CrawlerSourceTask task = new CrawlerSourceTask(Clock.systemUTC(), c -> registry,
                c -> new AddressGuard(c.allowPrivateAddresses()));
        task.initialize(new SourceTaskContextDouble(props, new OffsetStorageReaderDouble()));
        tasks.add(task);
        task.start(props);

        assertThat(crawl(task)).hasSize(1);
        assertThat(site.paths("127.0.0.1")).containsExactly("/robots.txt", "/products/box.html");
    }

    @Test
    void depthLimit() throws Exception {
        Map<String, String> props = config();
        props.put("max.depth", "1");

        Map<String, CrawlResult> pages = byPath(crawl(start(props, new OffsetStorageReaderDouble())));

        assertThat(pages).containsKeys("/", "/partners.html", "/moved/target.html").doesNotContainKeys("/deep/1.html");
        assertThat(site.paths(SITE)).doesNotContain("/deep/1.html");
        assertThat(site.paths(DOCS)).isEmpty();
    }

    @Test
    void pageLimit() throws Exception {
        Map<String, String> props = config();
        props.put("max.pages.per.partner", "3");

        Map<String, CrawlResult> pages = byPath(crawl(start(props, new OffsetStorageReaderDouble())));

        assertThat(site.paths(SITE)).containsExactly("/robots.txt", "/", "/partners.html", "/benchmarks/octo.html");
        assertThat(pages.keySet()).containsExactly("/", "/partners.html", "/benchmarks/octo.html");
    }

    @Test
    void aPageLargerThanTheCapIsReadOnlyUpToIt() throws Exception {
        PageFetcher fetcher = new PageFetcher(new AddressGuard(false, CrawlerSourceTaskTest::resolve, Set.of(LOOPBACK)),
                "test/1", Duration.ofSeconds(5), 64 * 1024);

        PageFetcher.Response big = fetcher.get(java.net.URI.create(site.url(SITE, "/big.html")));
        PageFetcher.Response small = fetcher.get(java.net.URI.create(site.url(SITE, "/partners.html")));

        assertThat(big.status()).isEqualTo(200);
        assertThat(big.truncated()).isTrue();
        assertThat(big.body()).hasSize(64 * 1024);
        assertThat(small.truncated()).isFalse();
        assertThat(new String(small.body(), java.nio.charset.StandardCharsets.UTF_8)).endsWith("</html>\n");
        assertThat(small.charset()).isEqualTo("UTF-8");
    }

    @Test
    void theRateLimitSpacesRequestsToAHost() throws Exception {
        Map<String, String> props = config();
        props.put("per.host.min.interval.ms", "150");
        props.put("max.pages.per.partner", "5");

        crawl(start(props, new OffsetStorageReaderDouble()));

        List<Long> arrivals = site.requests().stream().filter(r -> r.host().equals(SITE))
                .map(FixtureSiteDouble.Request::arrivedNanos).toList();
        assertThat(arrivals).hasSize(6); // robots.txt and 5 pages
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(Duration.ofNanos(arrivals.get(i) - arrivals.get(i - 1))).as("gap before request " + i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
    }

    @Test
    void storedOffsetsKeepUnchangedPagesOutAndLetChangedPagesIn() throws Exception {
        List<SourceRecord> first = crawl(start(config(), new OffsetStorageReaderDouble()));
        OffsetStorageReaderDouble offsets = OffsetStorageReaderDouble.committed(first);

        CrawlerSourceTask restarted = start(config(), offsets);
        List<SourceRecord> second = crawl(restarted);

        assertThat(second).isEmpty();
        assertThat(offsets.bulkReads).singleElement().isEqualTo(List.of(Map.of("partner", "acme", "url", site.url(SITE, "/"))));

        site.replace("/partners.html", """
                <html><head><title>Our Partners</title></head>
                <body>Scalable Informatics, now without a link.</body></html>""");
        List<SourceRecord> third = crawl(start(config(), offsets));

        Map<String, CrawlResult> changed = byPath(third);
        assertThat(changed.keySet()).containsExactly("/partners.html");
        assertSignals(changed.get("/partners.html"), 200, PageKind.PARTNER_DIRECTORY, true, false);
    }

    @Test
    void anUnchangedPageIsEmittedAgainWhenItsRefreshIsDue() throws Exception {
        Map<String, String> props = config();
        props.put("refresh.interval.ms", String.valueOf(Duration.ofDays(7).toMillis()));
        List<SourceRecord> first = crawl(start(props, new OffsetStorageReaderDouble()));
        OffsetStorageReaderDouble offsets = OffsetStorageReaderDouble.committed(first);

        List<SourceRecord> sixDaysLater = crawl(start(props, offsets, Clock.offset(Clock.systemUTC(), Duration.ofDays(6))));
        List<SourceRecord> eightDaysLater = crawl(start(props, offsets, Clock.offset(Clock.systemUTC(), Duration.ofDays(8))));

        assertThat(sixDaysLater).isEmpty();
        assertThat(byPath(eightDaysLater).keySet()).isEqualTo(byPath(first).keySet());
    }

    /** Collects what a class logs, for as long as it is open. */
    static final class LogCapture implements AutoCloseable {
        private final Logger logger;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        private LogCapture(Class<?> type) {
            logger = (Logger) LoggerFactory.getLogger(type);
            appender.start();
            logger.addAppender(appender);
        }

        static LogCapture of(Class<?> type) {
            return new LogCapture(type);
        }

        List<String> warnings() {
            return appender.list.stream().filter(e -> e.getLevel().toString().equals("WARN"))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }
}
