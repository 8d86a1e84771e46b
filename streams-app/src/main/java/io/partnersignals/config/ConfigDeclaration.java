package io.partnersignals.config;

import io.partnersignals.registry.TrustStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Every setting of the application, declared once: key, type, default, check, importance and
 * meaning. The configuration ({@code runtime.AppConfig}), the risk model's and the topology's
 * settings, and the documentation ({@link ConfigDocs}) are all read from here.
 *
 * <p>Durations and sizes are {@code STRING} keys whose check ({@link Validators.DurationCheck},
 * {@link Validators.SizeCheck}) also says how to read them, so they keep their short forms (7d, 256m).
 */
public final class ConfigDeclaration {

    /** Environment variables that carry settings start with this; see {@link #envName}. */
    public static final String ENV_PREFIX = "PARTNER_SIGNALS_";

    /** Any other key starting with this is passed to Kafka as it is, without the prefix. */
    public static final String KAFKA_PREFIX = "kafka.";

    /** Group names, in the order of the documentation, with their titles. */
    public static final Map<String, String> GROUPS = groups();

    public static final ConfigDef DEFINITION = definition();

    private ConfigDeclaration() {
    }

    private static Map<String, String> groups() {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("model", "Risk model");
        g.put("scoring", "Scoring");
        g.put("topics", "Topics");
        g.put("kafka", "Kafka");
        g.put("registry", "Schema registry");
        g.put("http", "HTTP endpoints");
        g.put("runtime", "Runtime");
        return g;
    }

    /**
     * The environment variable of a setting: {@link #ENV_PREFIX} + the key in upper case with '.' and '-'
     * as '_' (model.weight.sponsorship: PARTNER_SIGNALS_MODEL_WEIGHT_SPONSORSHIP). The one mapping of
     * environment names to settings; the configuration reads the environment with it.
     */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Whether {@code key} is declared here. */
    public static boolean declares(String key) {
        return DEFINITION.configKeys().containsKey(key);
    }

    private static ConfigDef definition() {
        Declaring d = new Declaring(new ConfigDef());
        Importance high = Importance.HIGH;
        Importance medium = Importance.MEDIUM;
        Importance low = Importance.LOW;

        d.group("model");
        d.key("model.version", Type.STRING, "", null, low,
                "Name of the model written with every score. Empty: v2 with v2's settings, otherwise v2+<hash of the "
                        + "settings>, so that a score computed with other weights or windows is never taken for a v2 score.");
        d.key("model.weight.sponsorship", Type.DOUBLE, 0.15, Validators.numberAtLeast(0), medium,
                "Weight of sponsorship: the partner's sponsor level (EXECUTIVE 0 ... NONE/unknown 1), plus a penalty after "
                        + "a downgrade. The weights must not all be 0.");
        d.key("model.weight.responsiveness", Type.DOUBLE, 0.15, Validators.numberAtLeast(0), medium,
                "Weight of responsiveness: our oldest OUTBOUND REQUEST/ESCALATION without an INBOUND RESPONSE.");
        d.key("model.weight.reciprocity", Type.DOUBLE, 0.15, Validators.numberAtLeast(0), medium,
                "Weight of reciprocity: value we gave against value we received (CONTRIBUTION).");
        d.key("model.weight.attribution", Type.DOUBLE, 0.10, Validators.numberAtLeast(0), medium,
                "Weight of attribution: pages that show us without a link, and partner directories that leave us out.");
        d.key("model.weight.diversion", Type.DOUBLE, 0.15, Validators.numberAtLeast(0), medium,
                "Weight of diversion: share of live pages that mention us and link to a known competitor.");
        d.key("model.weight.pricingExclusion", Type.DOUBLE, 0.10, Validators.numberAtLeast(0), medium,
                "Weight of pricing exclusion: the largest discount of a running promotion we are excluded from.");
        d.key("model.weight.marginErosion", Type.DOUBLE, 0.10, Validators.numberAtLeast(0), medium,
                "Weight of margin erosion: our mean margin on the partner's products against the target.");
        d.key("model.weight.harmfulAsk", Type.DOUBLE, 0.10, Validators.numberAtLeast(0), medium,
                "Weight of harmful ask: an INBOUND REQUEST to push a promotion we are excluded from.");
        d.key("model.weight.dealFlow", Type.DOUBLE, 0.10, Validators.numberAtLeast(0), medium,
                "Weight of deal flow: deals won with the partner in the last window against the window before. When no "
                        + "deal was won in the earlier window the factor does not apply and its weight leaves the score.");
        d.key("model.threshold.amber", Type.INT, 35, Validators.between(1, 100), medium,
                "Score from which a partner is AMBER; 0 < amber < red <= 100.");
        d.key("model.threshold.red", Type.INT, 60, Validators.between(1, 100), medium,
                "Score from which a partner is RED.");
        d.key("model.alert-margin", Type.INT, 3, Validators.atLeast(0), medium,
                "Points beyond a threshold before an alert.");
        d.key("model.lateness", Type.STRING, "1d", Validators.duration(), medium,
                "Grace for out-of-order events; every window keeps its facts this much longer, and an event more than "
                        + "this behind its partition's scoring clock is a dead letter (the windows have moved past it: "
                        + "applied, it would rewrite a history already scored).");
        d.key("model.sponsorship.downgrade-window", Type.STRING, "90d", Validators.duration(), low,
                "How long after a sponsor downgrade the downgrade penalty applies.");
        d.key("model.sponsorship.downgrade-penalty", Type.DOUBLE, 0.2, Validators.numberAtLeast(0), low,
                "Added to the sponsorship factor within the downgrade window.");
        d.key("model.responsiveness.grace", Type.STRING, "7d", Validators.duration(), low,
                "Age of our oldest unanswered request at which responsiveness starts to rise from 0.");
        d.key("model.responsiveness.full", Type.STRING, "60d", Validators.duration(), low,
                "Age at which responsiveness reaches 1; longer than the grace.");
        d.key("model.responsiveness.max-open-requests", Type.INT, 100, Validators.atLeast(1), low,
                "Open requests kept per partner (the oldest: beyond it the newest are dropped, counted in "
                        + "partner_signals_facts_dropped_total{kind=\"OPEN_REQUESTS\"}).");
        d.key("model.reciprocity.window", Type.STRING, "90d", Validators.duration(), low,
                "Window over which value given and received are summed.");
        d.key("model.attribution.page-stale-after", Type.STRING, "30d", Validators.duration(), low,
                "A URL not crawled for this long drops out (attribution and diversion).");
        d.key("model.attribution.max-pages", Type.INT, 1_000, Validators.atLeast(1), low,
                "Pages kept per partner; beyond it the pages crawled longest ago are dropped, counted in "
                        + "partner_signals_facts_dropped_total{kind=\"PAGES\"}.");
        d.key("model.margin.window", Type.STRING, "30d", Validators.duration(), low,
                "Window of the mean margin.");
        d.key("model.margin.target", Type.DOUBLE, 0.20, Validators.number(0, false, 1, false), low,
                "Target margin; a mean margin at or above it scores 0.");
        d.key("model.pricing.full-discount", Type.DOUBLE, 0.20, Validators.number(0, false, 1, true), low,
                "Discount of a promotion we are excluded from that makes pricing exclusion 1.");
        d.key("model.pricing.max-promotion-duration", Type.STRING, "180d", Validators.duration(), low,
                "A promotion with no end event counts as running this long.");
        d.key("model.pricing.max-promotions", Type.INT, 200, Validators.atLeast(1), low,
                "Promotions kept per partner; beyond it the promotions that end first are dropped, counted in "
                        + "partner_signals_facts_dropped_total{kind=\"PROMOTIONS\"}.");
        d.key("model.harmful-ask.join-window", Type.STRING, "14d", Validators.duration(), low,
                "An ask counts when it comes within this long of the start of the promotion it is about.");
        d.key("model.harmful-ask.duration", Type.STRING, "90d", Validators.duration(), low,
                "How long a harmful ask keeps its factor at 1.");

        d.key("model.deal-flow.window", Type.STRING, "90d", Validators.positiveDuration(), low,
                "Deal flow compares the deals won in the last window of this length with the window before it.");
        d.key("model.our-responsiveness.grace", Type.STRING, "7d", Validators.duration(), low,
                "Age of the partner's oldest request we have not answered at which our responsiveness starts to rise.");
        d.key("model.our-responsiveness.full", Type.STRING, "60d", Validators.duration(), low,
                "Age at which our responsiveness reaches 1; longer than its grace.");
        d.key("model.our-responsiveness.max-open-requests", Type.INT, 100, Validators.atLeast(1), low,
                "The partner's unanswered requests kept per partner (the oldest: beyond it the newest are dropped, "
                        + "counted in partner_signals_facts_dropped_total{kind=\"PARTNER_REQUESTS\"}).");
        d.key("model.competitor-approach.window", Type.STRING, "90d", Validators.positiveDuration(), low,
                "How long an approach by one of the partner's competitors is listed with the partner's score.");
        d.key("model.deterioration.points", Type.INT, 15, Validators.between(1, 100), medium,
                "A DETERIORATING alert needs the score to be at least this many points above the partner's score of "
                        + "the deterioration window earlier.");
        d.key("model.deterioration.window", Type.STRING, "30d", Validators.positiveDuration(), medium,
                "How far back a DETERIORATING alert looks: the last score published at or before the end of the UTC "
                        + "day this long before. Whole days; history.retention must be longer than this plus one day.");
        d.key("model.deterioration.quiet-period", Type.STRING, "30d", Validators.duration(), medium,
                "After a DETERIORATING alert, no other for the same partner for this long. At most history.retention.");

        d.group("scoring");
        d.key("scoring.max-future-skew", Type.STRING, "1d", Validators.duration(), low,
                "Events further ahead of the clock than this are dead letters.");
        d.key("scoring.scan-interval", Type.STRING, "1h", Validators.positiveDuration(), low,
                "How often (event time) partners whose score changes with time are re-evaluated.");
        d.key("scoring.ramp-step", Type.STRING, "1d", Validators.positiveDuration(), low,
                "Re-scoring step while responsiveness rises.");
        d.key("scoring.idle-advance", Type.BOOLEAN, true, null, low,
                "Whether the wall clock moves the scoring clock when no events arrive.");
        d.key("scoring.idle-advance-interval", Type.STRING, "30s", Validators.positiveDuration(), low,
                "How often, in wall-clock time, the idle advance runs.");
        d.key("scoring.state-cache-size", Type.INT, 1_000, Validators.atLeast(0), low,
                "Partner states each scoring task keeps decoded in memory (0 for none); the partner-facts store stays "
                        + "the record. Replay keeps at least 20,000.");
        d.key("scoring.publish-interval", Type.STRING, "", Validators.durationOrEmpty(), medium,
                "A changed partner is scored and published at most once per interval, at the event time of its last "
                        + "change; 0 publishes every change. Empty means the commit interval: kafka.commit.interval.ms if "
                        + "set, else 100 ms under exactly_once_v2, 30 s under at_least_once. Replay always publishes every "
                        + "change.");
        d.key("scoring.catch-up-publish-interval", Type.STRING, "5s", Validators.duration(), low,
                "While a task reads a backlog (its event time runs more than 60 times faster than the wall clock), "
                        + "changed partners are published at most once per this interval instead, each still at its last "
                        + "change; back to scoring.publish-interval once caught up. 0 never stretches the interval.");

        d.key("history.retention", Type.STRING, "180d",
                Validators.positiveDuration(), low,
                "How long each partner's published scores (the last one of each UTC day) and alerts are kept in the "
                        + "partner-history and partner-alert-log stores, by the event time of the partner's latest score: "
                        + "what the partner page and GET /api/partners/{id}/history draw from. Its whole days bound the "
                        + "days parameter of that request. Early warning reads them too: longer than model.deterioration.window "
                        + "plus one day, and at least model.deterioration.quiet-period.");

        d.group("topics");
        d.key("topic.partners", Type.STRING, "partners", Validators.topicName(), medium,
                "Partners: compacted reference topic of Partner records.");
        d.key("topic.competitors", Type.STRING, "competitors", Validators.topicName(), medium,
                "Competitors: compacted reference topic, keyed by competitor id.");
        d.key("topic.crm-activity", Type.STRING, "crm.activity", Validators.topicName(), medium,
                "CRM activity events (CrmActivity).");
        d.key("topic.web-crawl", Type.STRING, "web.crawl", Validators.topicName(), medium,
                "Crawl results (CrawlResult).");
        d.key("topic.pricing-events", Type.STRING, "pricing.events", Validators.topicName(), medium,
                "Pricing events (PricingEvent).");
        d.key("topic.partner-risk", Type.STRING, "partner.risk", Validators.topicName(), medium,
                "Output: compacted PartnerRisk per partner.");
        d.key("topic.alerts", Type.STRING, "partner.risk.alerts", Validators.topicName(), medium,
                "Output: RiskAlert events.");
        d.key("topic.history", Type.STRING, "partner.risk.history", Validators.topicName(), medium,
                "Output: RiskSnapshot events, flat for BI.");
        d.key("topic.dead-letters", Type.STRING, "partner-signals.dlq", Validators.topicName(), medium,
                "Dead letters: original bytes with the error in headers.");
        d.key("topic.notes", Type.STRING, "partner.notes", Validators.topicName(), medium,
                "Notes, acknowledgements and owners people write on the partner page or through the API: compacted "
                + "PartnerNote records keyed partnerId/noteId, read whole by every instance.");
        d.key("topic.model", Type.STRING, "partner-signals.model", Validators.topicName(), medium,
                "The model as data: compacted ModelSettings records keyed by model version; each is checked, and an "
                + "invalid one is a dead letter.");
        d.key("topic.model-accepted", Type.STRING, "partner-signals.model.accepted", Validators.topicName(), low,
                "The ModelSettings records of topic.model that passed the checks (compacted, written by the application "
                + "itself), read whole by every instance: the schedule of model versions.");
        d.key("topics.create", Type.BOOLEAN, true, null, medium,
                "Whether missing topics are created at start.");
        d.key("topics.partitions", Type.INT, 6, Validators.atLeast(1), high,
                "Partitions of the topics created at start; replay splits partners into as many partitions.");
        d.key("topics.replication-factor", Type.INT, -1, Validators.replicationFactor(), high,
                "Replication factor of the topics created at start and of the internal topics; -1: the broker's default.");
        d.key("dead-letters.max-bytes", Type.STRING, "1000000",
                Validators.size(16 << 10, 2L << 30), low,
                "The largest dead letter written: a value that would not fit with its context headers is cut to fit, "
                        + "with the headers partner-signals.dead-letter.truncated and .original-size. Keep it below the "
                        + "dead-letter topic's max.message.bytes and kafka.producer.max.request.size.");

        d.group("kafka");
        d.key("application.id", Type.STRING, "partner-signals", Validators.nonEmpty(), high,
                "The Kafka Streams application: consumer group, prefix of its internal topics and state.");
        d.key("kafka.bootstrap.servers", Type.STRING, "localhost:9092", null, high,
                "Kafka bootstrap servers. Any other kafka.<property> is passed to the Kafka clients and Kafka Streams "
                        + "as <property>.");

        d.group("registry");
        d.key("registry.url", Type.STRING, "http://localhost:8080/apis/ccompat/v7", null, high,
                "URL of the Confluent-compatible schema registry (Apicurio's ccompat API or Confluent's).");
        d.key("registry.basic-auth-user-info", Type.PASSWORD, "", null, medium,
                "user:password for HTTP basic auth to the registry (secret).");
        d.key("registry.bearer-token", Type.PASSWORD, "", null, medium,
                "Token sent to the registry as Authorization: Bearer (secret).");
        d.key("registry.connect-timeout", Type.STRING, "2s", Validators.positiveDuration(), low,
                "Longest wait for a connection to the registry.");
        d.key("registry.request-timeout", Type.STRING, "3s", Validators.positiveDuration(), low,
                "Longest wait for the registry's answer to one request.");
        d.key("registry.retry.timeout", Type.STRING, "", Validators.durationOrEmpty(), low,
                "How long a stream thread's registry call waits for an unreachable registry before the thread gives up. "
                        + "Empty: 3s under exactly_once_v2, 2m under at_least_once. With both timeouts above it must stay "
                        + "within 80 % of the transaction timeout under exactly_once_v2, and within 80 % of "
                        + "max.poll.interval.ms.");
        d.key("registry.retry.backoff-initial", Type.STRING, "200ms", Validators.positiveDuration(), low,
                "Pause before the first retry of a call the registry did not answer; the same while processing is paused "
                        + "for the registry.");
        d.key("registry.retry.backoff-max", Type.STRING, "10s", Validators.positiveDuration(), low,
                "The pause doubles up to this; not shorter than registry.retry.backoff-initial.");
        d.key("registry.ssl.truststore.location", Type.STRING, "", null, medium,
                "For an https registry whose certificate the JVM does not trust (a private CA): a PKCS12, JKS or PEM "
                        + "file; checked at start. Empty: the JVM's CAs.");
        d.key("registry.ssl.truststore.password", Type.PASSWORD, "", null, medium,
                "Password of the registry trust store (secret).");
        d.key("registry.ssl.truststore.type", Type.STRING, TrustStore.DEFAULT_TYPE, Validators.oneOf("PKCS12", "JKS", "PEM"),
                low, "Type of the registry trust store.");

        d.group("http");
        d.key("http.host", Type.STRING, "0.0.0.0", null, medium, "Address to listen on.");
        d.key("http.port", Type.INT, 8088, Validators.between(0, 65535), high,
                "Port to listen on, also the port other instances are told (application.server).");
        d.key("http.advertised-host", Type.STRING, "", null, medium,
                "The host other instances reach this one at (in containers: the service or pod name). Empty: the "
                        + "machine's host name.");
        d.key("http.token", Type.PASSWORD, "", null, high,
                "The token that /api/* and the page need, as Authorization: Bearer <token>; also what this instance sends "
                        + "to the others (secret). Empty: scores open to anyone who reaches the port.");
        d.key("http.next-token", Type.PASSWORD, "", null, medium,
                "A second accepted token, while rotating to a new one (secret); needs http.token.");
        d.key("http.idle-timeout", Type.STRING, "10s",
                Validators.positiveDuration(), low,
                "A connection silent this long is closed (request line, headers, body, keep-alive).");
        d.key("http.max-concurrent-requests", Type.INT, 16, Validators.atLeast(1), low,
                "Requests to /api/*, / and /login handled at once.");
        d.key("http.max-queued-requests", Type.INT, 256, Validators.atLeast(0), low,
                "Requests that wait for one of those places; beyond: 503.");
        d.key("http.login.max-failures", Type.INT, 5, Validators.atLeast(1), low,
                "Wrong tokens per client address and window before it gets 429.");
        d.key("http.login.window", Type.STRING, "1m",
                Validators.positiveDuration(), low,
                "The window of http.login.max-failures.");
        d.key("http.story-time", Type.BOOLEAN, false, null, low,
                "The scores' times are a demo story's, ahead of the wall clock: the pages mark them as story time "
                        + "and measure ages from the latest score. The demo sets it; leave it off in production.");
        d.key("http.tls.keystore", Type.STRING, "", null, high,
                "PKCS12 keystore with this instance's key and certificate: the endpoints serve HTTPS, and the instances "
                        + "call each other over HTTPS. Empty: plain HTTP.");
        d.key("http.tls.keystore-password", Type.PASSWORD, "", null, high,
                "Password of http.tls.keystore (secret).");
        d.key("http.tls.truststore", Type.STRING, "", null, medium,
                "PKCS12 truststore with the CA (or certificates) the other instances' certificates are checked against; "
                        + "their names must match http.advertised-host. Empty: the JVM's CAs.");
        d.key("http.tls.truststore-password", Type.PASSWORD, "", null, medium,
                "Password of http.tls.truststore (secret).");

        d.group("runtime");
        d.key("rocksdb.memory", Type.STRING, "256m", Validators.size(), medium,
                "Off-heap budget of all RocksDB stores of an instance.");
        d.key("rocksdb.write-buffer-share", Type.DOUBLE, 0.5, Validators.number(0, false, 1, true), low,
                "Share of rocksdb.memory that memtables may use.");
        d.key("state.dir", Type.STRING, "", null, high,
                "Local state of this instance. Empty: Kafka Streams' default, <java.io.tmpdir>/kafka-streams "
                        + "(/var/lib/partner-signals in the image).");
        d.key("state.min-free-space", Type.STRING, "256m", Validators.size(), low,
                "Start-up stops when the volume of state.dir has less free space than this (0: no check).");
        d.key("runtime.max-thread-replacements", Type.INT, 3, Validators.atLeast(0), low,
                "A failed stream thread is replaced up to this many times within runtime.thread-replacement-window; one "
                        + "more failure stops the instance (exit code 1) instead of looping.");
        d.key("runtime.thread-replacement-window", Type.STRING, "10m", Validators.positiveDuration(), low,
                "The window of runtime.max-thread-replacements.");
        d.key("health.stall-timeout", Type.STRING, "60s", Validators.positiveDuration(), low,
                "/health/ready answers 503 when records wait in this instance's partitions and none was processed for "
                        + "this long.");
        d.key("shutdown.timeout", Type.STRING, "30s", Validators.positiveDuration(), medium,
                "How long a stop (SIGTERM, Ctrl-C) waits for Kafka Streams to close cleanly.");
        d.key("shutdown.leave-group", Type.BOOLEAN, true, null, low,
                "A stopping instance leaves the consumer group at once, so its tasks move without waiting for its "
                        + "session to time out; set false with static membership (kafka.group.instance.id).");
        return d.def;
    }

    /** Defines keys one after the other in the current group, numbering them in that order. */
    private static final class Declaring {
        final ConfigDef def;
        String group;
        int order;

        Declaring(ConfigDef def) {
            this.def = def;
        }

        void group(String name) {
            if (!GROUPS.containsKey(name)) {
                throw new IllegalArgumentException("undeclared group " + name);
            }
            group = name;
            order = 0;
        }

        void key(String name, Type type, Object defaultValue, Validator validator, Importance importance, String doc) {
            def.define(name, type, defaultValue, validator, importance, doc, group, ++order, Width.MEDIUM, name);
        }
    }
}
