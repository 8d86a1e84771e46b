package io.partnersignals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.crawler.FixtureSiteDouble;
import io.partnersignals.embedded.EmbeddedKafka;
import io.partnersignals.embedded.EmbeddedRegistry;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.runtime.AppConfig;
import io.partnersignals.runtime.LiveApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on real parts: PostgreSQL (the test's own, {@link ItDatabase}) → Debezium's
 * PostgreSQL connector with our transforms → Kafka → the application → partner.risk.history → the
 * Debezium JDBC sink with our converter → PostgreSQL tables risk_latest and risk_history; and the
 * crawler on a fixture site, with and without its SSRF guard. The broker and Apicurio Registry are the
 * demo's embedded ones; Kafka Connect is a real distributed worker in a child JVM; the application is
 * LiveApplication in this JVM. The connector configurations are the files of connectors/config/, with
 * their placeholders filled in and a few test-only overrides. Everything the run creates (PostgreSQL
 * and its data, connectors, processes, topics) goes away at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CdcToBiIT {

    static final Duration DEADLINE = Duration.ofSeconds(90);
    static final Path CONNECTORS_DIR = Path.of(System.getProperty("partner-signals.connectors.dir", "."));
    static final String CRM_PARTNER = "it-crm";
    static final String WEB_PARTNER = "it-web";
    static final String SSRF_PARTNER = "it-ssrf";
    static final ObjectMapper JSON = new ObjectMapper();

    static ItDatabase db;
    static EmbeddedRegistry registry;
    static EmbeddedKafka kafka;
    static LiveApplication app;
    static Path stateDir;
    static ConnectWorker worker;
    static FixtureSiteDouble site;
    static FixtureSiteDouble ssrfTarget;
    static final List<String> connectors = new CopyOnWriteArrayList<>();
    static final Map<String, PartnerRisk> latest = new ConcurrentHashMap<>();
    static final List<ConsumerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    static final AtomicBoolean reading = new AtomicBoolean(true);
    static Thread reader;
    static long started;

    @BeforeAll
    static void start() throws Exception {
        started = System.nanoTime();
        db = ItDatabase.start(CONNECTORS_DIR.resolve("sql"), CONNECTORS_DIR.resolve("target").resolve("it-postgres"));
        System.out.printf("CdcToBiIT: PostgreSQL ready on port %d in %.1f s%n", db.port(), seconds());
        registry = EmbeddedRegistry.launch(EmbeddedRegistry.locateJar());
        kafka = EmbeddedKafka.start();
        registry.awaitReady(EmbeddedRegistry.DEFAULT_READY_TIMEOUT);

        stateDir = Files.createTempDirectory("partner-signals-it-state-");
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("registry.url", registry.url());
        settings.put("application.id", "partner-signals-it");
        settings.put("topics.partitions", "3");
        settings.put("topics.replication-factor", "1");
        settings.put("kafka.num.standby.replicas", "0");
        settings.put("state.dir", stateDir.toString());
        settings.put("http.host", "127.0.0.1");
        settings.put("http.port", "0");
        settings.put("http.advertised-host", "localhost");
        app = new LiveApplication(AppConfig.load(null, Map.of(), settings));
        app.start(); // creates the topics, the connectors' among them

        publishPartners();
        startReader();

        Path build = CONNECTORS_DIR.resolve("target");
        List<Path> pluginPath = new ArrayList<>();
        for (String entry : System.getProperty("connect.plugin.path").split(",")) {
            pluginPath.add(Path.of(entry));
        }
        worker = ConnectWorker.start(Path.of(System.getProperty("connect.worker.classpath")), pluginPath,
                kafka.bootstrapServers(), build.resolve("it-connect"),
                Map.of("PARTNER_SIGNALS_PG_PASSWORD", db.password()), Duration.ofSeconds(120));
        site = FixtureSiteDouble.start();
        ssrfTarget = FixtureSiteDouble.start();

        Map<String, String> crm = config("crm-source.json");
        Map<String, String> pricing = config("pricing-source.json");
        put("crm", crm);
        put("pricing", pricing);
        put("bi-latest", config("bi-latest-sink.json"));
        put("bi-history", config("bi-history-sink.json"));
        for (String name : connectors) {
            worker.awaitRunning(name, DEADLINE);
        }
        // rows written from now on are streamed: each source has its slot and streams from it
        await("replication slots active", () -> db.slotActive(crm.get("slot.name")) && db.slotActive(pricing.get("slot.name")));
        await("the application RUNNING", () -> app.streams().state() == KafkaStreams.State.RUNNING);
        System.out.printf("CdcToBiIT: everything started in %.1f s (worker log %s)%n", seconds(), worker.log());
    }

    @AfterAll
    static void stop() throws Exception {
        List<Throwable> problems = new ArrayList<>();
        for (String name : connectors) {
            run(problems, () -> worker.deleteConnector(name));
        }
        if (worker != null) {
            run(problems, () -> await("connectors deleted", () -> worker.connectors().isEmpty()));
            run(problems, worker::close);
        }
        reading.set(false);
        if (reader != null) {
            run(problems, () -> reader.join(10_000));
        }
        if (app != null) {
            run(problems, app::close);
        }
        if (kafka != null) {
            run(problems, kafka::close);
        }
        if (registry != null) {
            run(problems, registry::close);
        }
        if (site != null) {
            run(problems, site::close);
        }
        if (ssrfTarget != null) {
            run(problems, ssrfTarget::close);
        }
        if (db != null) {
            run(problems, db::close);
        }
        if (stateDir != null) {
            run(problems, () -> deleteRecursively(stateDir));
        }
        System.out.printf("CdcToBiIT: done in %.1f s%n", seconds());
        assertThat(problems).as("clean-up problems").isEmpty();
        assertThat(ProcessHandle.current().descendants()).as("processes left behind").isEmpty();
    }

    @Test
    @Order(1)
    void aCrmRowChangesTheScoreAndTheNewScoreLandsInTheBiTables() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        insertCrm("it-a1", CRM_PARTNER, now.minus(Duration.ofHours(6)), "SPONSOR_CHANGED", "INBOUND", "EXECUTIVE", null, null);
        await("a first score of " + CRM_PARTNER, () -> latest.containsKey(CRM_PARTNER));
        PartnerRisk first = latest.get(CRM_PARTNER);
        await("the first score in risk_latest", () -> scoreIn("risk_latest", CRM_PARTNER) == first.getScore());

        // the executive sponsor leaves and the partnership is passed down to staff
        insertCrm("it-a2", CRM_PARTNER, now.minus(Duration.ofHours(5)), "SPONSOR_CHANGED", "INBOUND", "staff", null,
                "New partner manager");
        await("the score of " + CRM_PARTNER + " changes", () -> latest.get(CRM_PARTNER).getScore() != first.getScore());
        PartnerRisk second = latest.get(CRM_PARTNER);
        assertThat(second.getScore()).isGreaterThan(first.getScore());
        assertThat(factor(second, "sponsorship").getValue()).isEqualTo(1.0);
        assertThat(second.getPartnerName()).isEqualTo("IT CRM Partner");

        await("the new score in risk_latest", () -> scoreIn("risk_latest", CRM_PARTNER) == second.getScore());
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement(
                "select partner_name, computed_at, band, model_version, sponsorship, deal_flow, our_side from risk_latest"
                        + " where partner_id = ?")) {
            q.setString(1, CRM_PARTNER);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("partner_name")).isEqualTo("IT CRM Partner");
                assertThat(rs.getTimestamp("computed_at").toInstant()).isEqualTo(second.getComputedAt());
                assertThat(rs.getString("band")).isEqualTo(second.getBand().name());
                assertThat(rs.getString("model_version")).isEqualTo("v2");
                assertThat(rs.getDouble("sponsorship")).isEqualTo(1.0);
                // contract v3's columns under model v2: dealFlow 0 (no deals won: not applicable), our-side score
                assertThat(rs.getObject("deal_flow")).isEqualTo(0.0);
                assertThat(rs.getObject("our_side")).isNotNull();
                assertThat(rs.getInt("our_side")).isEqualTo(second.getOurSide().getScore());
                assertThat(rs.next()).as("one row per partner").isFalse();
            }
        }
        await("both scores in risk_history", () -> historyScores(CRM_PARTNER).containsAll(List.of(first.getScore(), second.getScore())));
    }

    @Test
    @Order(2)
    void aPricingRowReachesTheModelToo() throws Exception {
        await("a score of " + CRM_PARTNER, () -> latest.containsKey(CRM_PARTNER));
        int before = latest.get(CRM_PARTNER).getScore();
        Instant at = Instant.now().minus(Duration.ofHours(4)).truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement(
                "insert into pricing_event (event_id, partner_id, occurred_at, type, promotion_id, sku, list_price, "
                        + "promo_price, eligible_for_us, currency) values (?, ?, ?, 'PROMOTION_STARTED', 'it-promo', 'GPU-1', "
                        + "100.00, 75.00, false, 'USD')")) {
            insert.setString(1, "it-e1");
            insert.setString(2, CRM_PARTNER);
            insert.setTimestamp(3, Timestamp.from(at));
            insert.executeUpdate();
        }
        await("pricingExclusion of " + CRM_PARTNER, () -> factor(latest.get(CRM_PARTNER), "pricingExclusion").getValue() == 1.0);
        PartnerRisk risk = latest.get(CRM_PARTNER);
        assertThat(risk.getScore()).isGreaterThan(before);
        assertThat(factor(risk, "pricingExclusion").getEvidence().toString()).contains("it-promo");
        await("the pricing score in risk_latest", () -> scoreIn("risk_latest", CRM_PARTNER) == risk.getScore());
    }

    @Test
    @Order(3)
    void aRowThatCannotBeARecordGoesToTheDeadLetterTopicAndNothingStops() throws Exception {
        insertCrm("it-bad", CRM_PARTNER, Instant.now().minus(Duration.ofHours(3)), "TELEPATHY", "INBOUND", null, null, null);
        await("the bad row in partner-signals.dlq", () -> deadLetters.stream().anyMatch(r ->
                "crm_activity".equals(header(r, "__connect.errors.source.table"))
                        && new String(r.key(), StandardCharsets.UTF_8).contains("it-bad")));
        ConsumerRecord<byte[], byte[]> dead = deadLetters.stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).contains("it-bad")).findFirst().orElseThrow();
        assertThat(header(dead, "__connect.errors.exception.message")).contains("unknown type 'TELEPATHY'");
        Map<String, Object> row = JSON.readValue(dead.value(), new TypeReference<>() {});
        assertThat(row).containsEntry("activity_id", "it-bad").containsEntry("partner_id", CRM_PARTNER);
        assertThat(worker.state("crm")).isEqualTo("RUNNING [RUNNING]");

        // and the next good row still flows
        int before = latest.get(CRM_PARTNER).getScore();
        insertCrm("it-a3", CRM_PARTNER, Instant.now().minus(Duration.ofHours(2)), "SPONSOR_CHANGED", "INBOUND", "EXECUTIVE",
                null, "The executive sponsor is back");
        await("the score of " + CRM_PARTNER + " after the bad row", () -> latest.get(CRM_PARTNER).getScore() < before);
    }

    @Test
    @Order(4)
    void aCrawlOfTheFixtureSiteChangesAScore() throws Exception {
        insertCrm("it-w1", WEB_PARTNER, Instant.now().minus(Duration.ofHours(6)), "SPONSOR_CHANGED", "INBOUND", "EXECUTIVE",
                null, null);
        await("a first score of " + WEB_PARTNER, () -> latest.containsKey(WEB_PARTNER));
        int before = latest.get(WEB_PARTNER).getScore();

        Map<String, String> crawler = config("crawler.json");
        crawler.put("allow.private.addresses", "true"); // the fixture site is on 127.0.0.1
        crawler.put("max.depth", "1");
        crawler.put("max.pages.per.partner", "30");
        crawler.put("per.host.min.interval.ms", "0");
        crawler.put("request.timeout.ms", "5000");
        crawler.put("tasks.max", "1");
        put("crawler", crawler);
        worker.awaitRunning("crawler", DEADLINE);

        // the benchmark page names us without a link to us
        await("attribution of " + WEB_PARTNER, () -> factor(latest.get(WEB_PARTNER), "attribution").getValue() > 0);
        PartnerRisk risk = latest.get(WEB_PARTNER);
        assertThat(risk.getScore()).isGreaterThan(before);
        assertThat(factor(risk, "attribution").getEvidence().toString()).contains(site.url("127.0.0.1", "/benchmarks/octo.html"));
        await("the crawled score in risk_latest", () -> scoreIn("risk_latest", WEB_PARTNER) == latest.get(WEB_PARTNER).getScore());
    }

    @Test
    @Order(5)
    void anSsrfAttemptIsRefusedAndLogged() throws Exception {
        Map<String, String> ssrf = config("crawler.json"); // allow.private.addresses=false, as shipped
        ssrf.remove("partner." + WEB_PARTNER + ".start.urls");
        ssrf.put("partners", SSRF_PARTNER);
        ssrf.put("partner." + SSRF_PARTNER + ".start.urls", ssrfTarget.url("127.0.0.1", "/"));
        ssrf.put("tasks.max", "1");
        assertThat(ssrf).containsEntry("allow.private.addresses", "false");
        put("ssrf-crawler", ssrf);
        worker.awaitRunning("ssrf-crawler", DEADLINE);

        String refused = "Partner " + SSRF_PARTNER + ": not fetching http://127.0.0.1:" + ssrfTarget.port() + "/";
        await("the refusal in the worker log", () -> worker.logText().contains(refused));
        String line = worker.logText().lines().filter(l -> l.contains(refused)).findFirst().orElseThrow();
        assertThat(line).contains("WARN").contains("refused 127.0.0.1").contains("loopback");
        assertThat(ssrfTarget.requests()).as("requests that reached the loopback target").isEmpty();
        assertThat(latest).doesNotContainKey(SSRF_PARTNER);
    }

    @Test
    @Order(6)
    void theExampleViewRanksTheTopRisksFromTheBiTables() throws Exception {
        db.execute(Files.readString(CONNECTORS_DIR.resolve("..").resolve("docs").resolve("bi-top-risks.sql")));
        await("risk_top agrees with the latest scores", () -> {
            List<String> rows = new ArrayList<>();
            try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "select partner_id, score, trend_7d, top_factor from risk_top")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "=" + rs.getInt(2) + " " + rs.getString(3) + " " + rs.getString(4));
                }
            }
            List<String> expected = latest.values().stream()
                    .sorted(java.util.Comparator.comparing(PartnerRisk::getScore).reversed().thenComparing(PartnerRisk::getPartnerId))
                    .map(r -> r.getPartnerId() + "=" + r.getScore()).toList();
            return rows.stream().map(r -> r.substring(0, r.indexOf(' '))).toList().equals(expected)
                    && rows.stream().allMatch(r -> r.contains(" NEW ")); // the history is hours old, not 7 days
        });
    }

    // --- helpers

    /** A configuration file of connectors/config/ with its placeholders filled in, without its name. */
    static Map<String, String> config(String file) throws Exception {
        Map<String, String> values = Map.of(
                "REGISTRY_URL", registry.url(),
                "PG_HOST", db.host(),
                "PG_PORT", String.valueOf(db.port()),
                "PG_DATABASE", db.name(),
                "PG_USER", db.user(),
                "US_NAMES", "Scalable Informatics",
                "US_DOMAINS", "scalableinformatics.com",
                "PARTNER_ID", WEB_PARTNER,
                "PARTNER_START_URLS", site.url("127.0.0.1", "/"),
                "CRAWLER_CONTACT", "it@partner-signals.invalid");
        String text = Files.readString(CONNECTORS_DIR.resolve("config").resolve(file));
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(text);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            assertThat(value).as("placeholder ${%s} of %s", m.group(1), file).isNotNull();
            m.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        m.appendTail(filled);
        Map<String, String> config = new LinkedHashMap<>(JSON.readValue(filled.toString(), new TypeReference<Map<String, String>>() {}));
        config.remove("name");
        return config;
    }

    static void put(String name, Map<String, String> config) throws Exception {
        worker.putConnector(name, config);
        connectors.add(name);
    }

    static void insertCrm(String id, String partner, Instant at, String type, String direction, String sponsorLevel,
            Double valueUsd, String subject) throws Exception {
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement(
                "insert into crm_activity (activity_id, partner_id, occurred_at, type, direction, sponsor_level, value_usd, subject) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, partner);
            insert.setTimestamp(3, Timestamp.from(at));
            insert.setString(4, type);
            insert.setString(5, direction);
            insert.setString(6, sponsorLevel);
            insert.setObject(7, valueUsd == null ? null : java.math.BigDecimal.valueOf(valueUsd), java.sql.Types.NUMERIC);
            insert.setString(8, subject);
            insert.executeUpdate();
        }
    }

    static int scoreIn(String table, String partner) throws Exception {
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement(
                "select score from " + table + " where partner_id = ?")) {
            q.setString(1, partner);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    static List<Integer> historyScores(String partner) throws Exception {
        List<Integer> scores = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select score from risk_history where partner_id = '" + partner + "' order by computed_at, id")) {
            while (rs.next()) {
                scores.add(rs.getInt(1));
            }
        }
        return scores;
    }

    static RiskFactor factor(PartnerRisk risk, String name) {
        return risk.getFactors().stream().filter(f -> f.getName().equals(name)).findFirst().orElseThrow();
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static void publishPartners() throws Exception {
        String topic = app.settings().topics().partners();
        try (KafkaProducer<String, Partner> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                AvroWireSerde.forValue(new ConfluentRestSchemaRegistry(registry.url()), Partner.class).serializer())) {
            producer.send(new ProducerRecord<>(topic, CRM_PARTNER,
                    new Partner(CRM_PARTNER, "IT CRM Partner", List.of("crm.example"), PartnerKind.TECHNOLOGY))).get();
            producer.send(new ProducerRecord<>(topic, WEB_PARTNER,
                    new Partner(WEB_PARTNER, "IT Web Partner", List.of("127.0.0.1"), PartnerKind.RESELLER))).get();
        }
    }

    /** Keeps the latest partner.risk record of each partner, and every dead letter. */
    static void startReader() {
        String riskTopic = app.settings().topics().partnerRisk();
        String dlqTopic = app.settings().topics().deadLetters();
        AvroWireSerde<PartnerRisk> serde = AvroWireSerde.forValue(new ConfluentRestSchemaRegistry(registry.url()), PartnerRisk.class);
        reader = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "cdc-to-bi-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(riskTopic, dlqTopic));
                while (reading.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.topic().equals(riskTopic) && r.value() != null) {
                            latest.put(r.key(), serde.deserializer().deserialize(riskTopic, r.value()));
                        } else if (r.topic().equals(dlqTopic)) {
                            deadLetters.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(),
                                    r.timestampType(), -1, -1, r.key() == null ? new byte[0] : r.key().getBytes(StandardCharsets.UTF_8),
                                    r.value(), r.headers(), java.util.Optional.empty()));
                        }
                    }
                }
            }
        }, "partner-risk-reader");
        reader.setDaemon(true);
        reader.start();
    }

    interface Condition {
        boolean met() throws Exception;
    }

    interface Step {
        void run() throws Exception;
    }

    /** Waits for a condition with a deadline; on failure names it, with the connectors' states and the log's end. */
    static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.met()) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        StringBuilder message = new StringBuilder("not within " + DEADLINE.toSeconds() + " s: " + what);
        if (last != null) {
            message.append(" (last error: ").append(last).append(')');
        }
        message.append("\nscores: ").append(latest.values().stream().map(r -> r.getPartnerId() + "=" + r.getScore()).toList());
        if (worker != null) {
            for (String name : connectors) {
                try {
                    message.append("\nconnector ").append(name).append(": ").append(worker.state(name));
                } catch (Exception e) {
                    message.append("\nconnector ").append(name).append(": ").append(e);
                }
            }
            message.append("\nworker log (").append(worker.log()).append(") ends with:\n").append(worker.logTail(30));
        }
        throw new AssertionError(message.toString(), last);
    }

    static void run(List<Throwable> problems, Step step) {
        try {
            step.run();
        } catch (Throwable t) {
            problems.add(t);
        }
    }

    static double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    static void deleteRecursively(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
