package io.partnersignals.runtime;

import io.partnersignals.http.HttpSettings;
import io.partnersignals.http.HttpTls;
import io.partnersignals.model.RiskModelConfig;
import io.partnersignals.registry.TrustStore;
import io.partnersignals.topology.TopicNames;
import io.partnersignals.topology.TopologySettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application's configuration: defaults, then a properties file, then environment variables
 * ({@code PARTNER_SIGNALS_} + the key in upper case with '.' and '-' as '_'), then command-line
 * {@code --set key=value}. Every key is known and checked; a mistake stops start-up with a message
 * that names the key, the bad value and what is expected.
 *
 * <p>Secrets: any setting can also come from a file named by the same environment variable with
 * {@code _FILE} appended ({@code PARTNER_SIGNALS_KAFKA_SASL_JAAS_CONFIG_FILE=/run/secrets/jaas}), the
 * way container secrets are mounted; the file's content, trimmed, is the value.
 */
public final class AppConfig {

    public static final String ENV_PREFIX = "PARTNER_SIGNALS_";
    /** An environment variable named for a key plus this names a file that holds the value (secrets). */
    public static final String FILE_SUFFIX = "_FILE";

    /** Every setting with its default, in the order they are documented. */
    static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private AppConfig(Map<String, String> values, Map<String, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    private static Map<String, String> defaults() {
        RiskModelConfig m = RiskModelConfig.defaults();
        TopicNames t = TopicNames.defaults();
        TopologySettings s = TopologySettings.defaults();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("model.version", "");
        for (String f : RiskModelConfig.FACTOR_NAMES) {
            d.put("model.weight." + f, String.valueOf(m.weight(f)));
        }
        d.put("model.threshold.amber", String.valueOf(m.amberThreshold()));
        d.put("model.threshold.red", String.valueOf(m.redThreshold()));
        d.put("model.alert-margin", String.valueOf(m.alertMargin()));
        d.put("model.lateness", "1d");
        d.put("model.sponsorship.downgrade-window", "90d");
        d.put("model.sponsorship.downgrade-penalty", String.valueOf(m.sponsorDowngradePenalty()));
        d.put("model.responsiveness.grace", "7d");
        d.put("model.responsiveness.full", "60d");
        d.put("model.responsiveness.max-open-requests", String.valueOf(m.maxOpenRequests()));
        d.put("model.reciprocity.window", "90d");
        d.put("model.attribution.page-stale-after", "30d");
        d.put("model.attribution.max-pages", String.valueOf(m.maxPages()));
        d.put("model.margin.window", "30d");
        d.put("model.margin.target", String.valueOf(m.targetMargin()));
        d.put("model.pricing.full-discount", String.valueOf(m.pricingFullDiscount()));
        d.put("model.pricing.max-promotion-duration", "180d");
        d.put("model.pricing.max-promotions", String.valueOf(m.maxPromotions()));
        d.put("model.harmful-ask.join-window", "14d");
        d.put("model.harmful-ask.duration", "90d");
        d.put("scoring.max-future-skew", "1d");
        d.put("scoring.scan-interval", "1h");
        d.put("scoring.ramp-step", "1d");
        d.put("scoring.idle-advance", String.valueOf(s.idleAdvance()));
        d.put("scoring.idle-advance-interval", "30s");
        d.put("scoring.state-cache-size", String.valueOf(TopologySettings.DEFAULT_STATE_CACHE_SIZE));
        d.put("scoring.publish-interval", "");
        d.put("scoring.catch-up-publish-interval", "5s");
        d.put("topic.partners", t.partners());
        d.put("topic.competitors", t.competitors());
        d.put("topic.crm-activity", t.crmActivity());
        d.put("topic.web-crawl", t.webCrawl());
        d.put("topic.pricing-events", t.pricingEvents());
        d.put("topic.partner-risk", t.partnerRisk());
        d.put("topic.alerts", t.alerts());
        d.put("topic.history", t.history());
        d.put("topic.dead-letters", t.deadLetters());
        // the live application
        d.put("application.id", "partner-signals");
        d.put("kafka.bootstrap.servers", "localhost:9092");
        d.put("registry.url", "http://localhost:8080/apis/ccompat/v7");
        d.put("registry.basic-auth-user-info", "");
        d.put("registry.bearer-token", "");
        d.put("registry.connect-timeout", "2s");
        d.put("registry.request-timeout", "3s");
        d.put("registry.retry.timeout", "");
        d.put("registry.retry.backoff-initial", "200ms");
        d.put("registry.retry.backoff-max", "10s");
        d.put("registry.ssl.truststore.location", "");
        d.put("registry.ssl.truststore.password", "");
        d.put("registry.ssl.truststore.type", TrustStore.DEFAULT_TYPE);
        d.put("topics.create", "true");
        d.put("topics.partitions", "6");
        d.put("topics.replication-factor", "-1");
        d.put("http.host", "0.0.0.0");
        d.put("http.port", "8088");
        d.put("http.advertised-host", "");
        d.put("http.token", "");
        d.put("http.next-token", "");
        d.put("http.idle-timeout", "10s");
        d.put("http.max-concurrent-requests", String.valueOf(HttpSettings.DEFAULT_MAX_CONCURRENT_REQUESTS));
        d.put("http.max-queued-requests", String.valueOf(HttpSettings.DEFAULT_MAX_QUEUED_REQUESTS));
        d.put("http.login.max-failures", String.valueOf(HttpSettings.DEFAULT_MAX_LOGIN_FAILURES));
        d.put("http.login.window", "1m");
        d.put("http.tls.keystore", "");
        d.put("http.tls.keystore-password", "");
        d.put("http.tls.truststore", "");
        d.put("http.tls.truststore-password", "");
        d.put("rocksdb.memory", "256m");
        d.put("rocksdb.write-buffer-share", "0.5");
        d.put("state.dir", "");
        d.put("dead-letters.max-bytes", String.valueOf(io.partnersignals.topology.DeadLetterRecords.DEFAULT_MAX_BYTES));
        d.put("runtime.max-thread-replacements", "3");
        d.put("runtime.thread-replacement-window", "10m");
        d.put("health.stall-timeout", "60s");
        d.put("state.min-free-space", "256m");
        d.put("shutdown.timeout", "30s");
        d.put("shutdown.leave-group", "true");
        return d;
    }

    /** Loads the configuration; {@code file} may be null. */
    public static AppConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> origins = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
            }
            for (String key : p.stringPropertyNames()) {
                set(values, origins, problems, key, p.getProperty(key).trim(), "file " + file);
            }
        }
        for (String key : DEFAULTS.keySet()) {
            String v = env.get(envName(key));
            if (v != null) {
                set(values, origins, problems, key, v.trim(), "environment " + envName(key));
            }
        }
        // any other Kafka property: PARTNER_SIGNALS_KAFKA_SECURITY_PROTOCOL -> kafka.security.protocol
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String prefix = ENV_PREFIX + "KAFKA_";
            if (e.getKey().startsWith(prefix) && !DEFAULTS.containsKey(envKey(e.getKey())) && !isSecretFile(e.getKey())) {
                set(values, origins, problems, kafkaKey(e.getKey()), e.getValue().trim(), "environment " + e.getKey());
            }
        }
        // a setting's value from a file: PARTNER_SIGNALS_<SETTING>_FILE=/run/secrets/...
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!isSecretFile(e.getKey())) {
                continue;
            }
            String direct = e.getKey().substring(0, e.getKey().length() - FILE_SUFFIX.length());
            String key = DEFAULTS.containsKey(envKey(direct)) ? envKey(direct) : kafkaKey(direct);
            if (env.containsKey(direct)) {
                problems.add("both " + direct + " and " + e.getKey() + " are set; set " + key + " one way only");
                continue;
            }
            String origin = "file " + e.getValue().trim() + " named by environment " + e.getKey();
            try {
                set(values, origins, problems, key, Files.readString(Path.of(e.getValue().trim()), StandardCharsets.UTF_8).trim(),
                        origin);
            } catch (IOException | RuntimeException ex) {
                problems.add(e.getKey() + " = '" + e.getValue() + "': cannot read the file with the value of " + key
                        + " (" + ex + "); mount the secret there or unset " + e.getKey());
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            set(values, origins, problems, e.getKey().trim(), e.getValue().trim(), "--set");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
        return new AppConfig(values, origins);
    }

    private static void set(Map<String, String> values, Map<String, String> origins, List<String> problems,
                            String key, String value, String origin) {
        if (key.startsWith("kafka.")) {
            values.put(key, value); // passed through to Kafka by the live runtime
            origins.put(key, origin);
            return;
        }
        if (!DEFAULTS.containsKey(key)) {
            problems.add("unknown setting '" + key + "' (from " + origin + "); known settings: "
                    + String.join(", ", DEFAULTS.keySet()) + ", and kafka.* for Kafka properties");
            return;
        }
        values.put(key, value);
        origins.put(key, origin);
    }

    /**
     * Whether an environment variable names a file holding a setting's value: PARTNER_SIGNALS_..._FILE,
     * unless it is itself a Kafka property whose name ends in ".file" (sasl.oauthbearer.assertion.file).
     */
    private static boolean isSecretFile(String envName) {
        if (!envName.startsWith(ENV_PREFIX) || !envName.endsWith(FILE_SUFFIX) || DEFAULTS.containsKey(envKey(envName))) {
            return false;
        }
        String direct = envName.substring(0, envName.length() - FILE_SUFFIX.length());
        if (DEFAULTS.containsKey(envKey(direct))) {
            return true;
        }
        return direct.startsWith(ENV_PREFIX + "KAFKA_") && !KafkaClientNames.ALL.contains(kafkaKey(envName).substring("kafka.".length()));
    }

    private static String kafkaKey(String envName) {
        return "kafka." + envName.substring((ENV_PREFIX + "KAFKA_").length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Every property name a Kafka client or Kafka Streams knows. */
    private static final class KafkaClientNames {
        static final java.util.Set<String> ALL = all();

        private static java.util.Set<String> all() {
            java.util.Set<String> names = new java.util.HashSet<>(org.apache.kafka.streams.StreamsConfig.configDef().names());
            names.addAll(org.apache.kafka.clients.producer.ProducerConfig.configNames());
            names.addAll(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
            names.addAll(org.apache.kafka.clients.admin.AdminClientConfig.configNames());
            return names;
        }
    }

    private static String envKey(String envName) {
        for (String key : DEFAULTS.keySet()) {
            if (envName(key).equals(envName)) {
                return key;
            }
        }
        return "";
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The topology settings this configuration describes, checked as a whole. */
    public TopologySettings topologySettings() {
        List<String> problems = new ArrayList<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String f : RiskModelConfig.FACTOR_NAMES) {
            weights.put(f, number("model.weight." + f, problems));
        }
        RiskModelConfig defaults = RiskModelConfig.defaults();
        TopologySettings settings = null;
        try {
            RiskModelConfig model = new RiskModelConfig("v1", weights,
                    integer("model.threshold.amber", problems), integer("model.threshold.red", problems),
                    integer("model.alert-margin", problems), duration("model.lateness", problems),
                    duration("model.sponsorship.downgrade-window", problems),
                    number("model.sponsorship.downgrade-penalty", problems),
                    duration("model.responsiveness.grace", problems), duration("model.responsiveness.full", problems),
                    integer("model.responsiveness.max-open-requests", problems),
                    duration("model.reciprocity.window", problems),
                    duration("model.attribution.page-stale-after", problems),
                    duration("model.margin.window", problems), number("model.margin.target", problems),
                    number("model.pricing.full-discount", problems),
                    duration("model.pricing.max-promotion-duration", problems),
                    duration("model.harmful-ask.join-window", problems),
                    duration("model.harmful-ask.duration", problems),
                    integer("model.attribution.max-pages", problems),
                    integer("model.pricing.max-promotions", problems));
            model = withVersion(model, defaults);
            TopicNames topics = new TopicNames(get("topic.partners"), get("topic.competitors"),
                    get("topic.crm-activity"), get("topic.web-crawl"), get("topic.pricing-events"),
                    get("topic.partner-risk"), get("topic.alerts"), get("topic.history"), get("topic.dead-letters"));
            settings = new TopologySettings(topics, model, duration("scoring.max-future-skew", problems),
                    duration("scoring.scan-interval", problems), duration("scoring.ramp-step", problems),
                    bool("scoring.idle-advance", problems), duration("scoring.idle-advance-interval", problems),
                    TopologySettings.StateStorage.ROCKSDB, nonNegative("scoring.state-cache-size", problems),
                    publishInterval(problems), duration("scoring.catch-up-publish-interval", problems));
        } catch (IllegalArgumentException | NullPointerException e) {
            if (problems.isEmpty()) {
                problems.add("invalid configuration: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
        return settings;
    }

    /**
     * The HTTP endpoints' settings, checked as a whole; with {@code http.tls.keystore} set, the
     * keystore and truststore are opened now, so a wrong path or password stops start-up.
     */
    public HttpSettings httpSettings() {
        List<String> problems = new ArrayList<>();
        int port = integer("http.port", problems);
        if (port < 0 || port > 65535) {
            problems.add("http.port = '" + get("http.port") + "' (from " + where("http.port") + ") must be 0-65535");
        }
        Duration idle = positive("http.idle-timeout", problems);
        Duration window = positive("http.login.window", problems);
        int concurrent = atLeast("http.max-concurrent-requests", 1, problems);
        int queued = atLeast("http.max-queued-requests", 0, problems);
        int failures = atLeast("http.login.max-failures", 1, problems);
        if (get("http.token").isEmpty() && !get("http.next-token").isEmpty()) {
            problems.add("http.next-token is set (from " + where("http.next-token") + ") but http.token is empty: "
                    + "set http.token to the token in use, http.next-token only while rotating to a new one");
        }
        HttpTls tls = null;
        if (!get("http.tls.keystore").isBlank()) {
            if (get("http.tls.keystore-password").isEmpty()) {
                problems.add("http.tls.keystore is set but http.tls.keystore-password is empty: set it through the "
                        + "environment, " + envName("http.tls.keystore-password") + " or " + envName("http.tls.keystore-password")
                        + FILE_SUFFIX);
            } else {
                try {
                    String trust = get("http.tls.truststore");
                    tls = HttpTls.load(Path.of(get("http.tls.keystore").trim()), get("http.tls.keystore-password"),
                            trust.isBlank() ? null : Path.of(trust.trim()), get("http.tls.truststore-password"));
                } catch (IllegalArgumentException e) {
                    problems.add("http.tls.keystore / http.tls.truststore (from " + where("http.tls.keystore") + "): "
                            + e.getMessage() + "; check the path and the password, or leave http.tls.keystore empty "
                            + "for plain HTTP");
                }
            }
        } else if (!get("http.tls.truststore").isBlank()) {
            problems.add("http.tls.truststore is set but http.tls.keystore is empty: the truststore is for calls to other "
                    + "instances over HTTPS, which needs this instance's keystore too");
        }
        fail(problems);
        return new HttpSettings(get("http.host"), port, get("http.token"), get("http.next-token"), idle,
                concurrent, queued, failures, window, null, HttpSettings.DEFAULT_PEER_TIMEOUT).withTls(tls);
    }

    private Duration positive(String key, List<String> problems) {
        int before = problems.size();
        Duration d = duration(key, problems);
        if (problems.size() == before && (d.isZero() || d.isNegative())) {
            problems.add(key + " = '" + get(key) + "' (from " + where(key) + ") must be more than 0, e.g. 10s");
            return Duration.ofSeconds(1);
        }
        return d;
    }

    private int atLeast(String key, int min, List<String> problems) {
        int before = problems.size();
        int n = integer(key, problems);
        if (problems.size() == before && n < min) {
            problems.add(key + " = '" + get(key) + "' (from " + where(key) + ") must be " + min + " or more");
            return min;
        }
        return n;
    }

    /**
     * "v1" names the model with v1's default configuration; any other configuration gets a version
     * that says so, so a score computed with other weights is never mistaken for a v1 score.
     */
    private RiskModelConfig withVersion(RiskModelConfig model, RiskModelConfig defaults) {
        String explicit = get("model.version");
        String version;
        if (!explicit.isEmpty()) {
            version = explicit;
        } else if (model.equals(defaults)) {
            version = defaults.modelVersion();
        } else {
            version = defaults.modelVersion() + "+" + String.format(Locale.ROOT, "%08x", model.hashCode());
        }
        return new RiskModelConfig(version, model.weights(), model.amberThreshold(), model.redThreshold(),
                model.alertMargin(), model.lateness(), model.sponsorDowngradeWindow(), model.sponsorDowngradePenalty(),
                model.responsivenessGrace(), model.responsivenessFull(), model.maxOpenRequests(),
                model.reciprocityWindow(), model.pageStaleAfter(), model.marginWindow(), model.targetMargin(),
                model.pricingFullDiscount(), model.maxPromotionDuration(), model.harmfulAskJoinWindow(),
                model.harmfulAskDuration(), model.maxPages(), model.maxPromotions());
    }

    /**
     * scoring.publish-interval, or when it is empty the commit interval Kafka Streams will use:
     * kafka.commit.interval.ms, else its default for the processing guarantee (100 ms under
     * exactly_once_v2, the application's default; 30 s under at_least_once).
     */
    private Duration publishInterval(List<String> problems) {
        if (!get("scoring.publish-interval").isBlank()) {
            return duration("scoring.publish-interval", problems);
        }
        String commit = values.get("kafka." + org.apache.kafka.streams.StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        if (commit != null) {
            try {
                long ms = Long.parseLong(commit.trim());
                if (ms < 0) {
                    throw new NumberFormatException();
                }
                return Duration.ofMillis(ms);
            } catch (NumberFormatException e) {
                problems.add("kafka.commit.interval.ms = '" + commit + "' (from " + where("kafka.commit.interval.ms")
                        + ") is not a number of milliseconds >= 0");
                return Duration.ZERO;
            }
        }
        String guarantee = values.getOrDefault("kafka." + org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                org.apache.kafka.streams.StreamsConfig.EXACTLY_ONCE_V2);
        return org.apache.kafka.streams.StreamsConfig.AT_LEAST_ONCE.equals(guarantee.trim())
                ? Duration.ofSeconds(30) : Duration.ofMillis(100);
    }

    public String get(String key) {
        return values.get(key);
    }

    /** The Kafka properties given as kafka.* settings, without the prefix. */
    public Map<String, String> kafkaProperties() {
        Map<String, String> kafka = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                kafka.put(k.substring("kafka.".length()), v);
            }
        });
        return kafka;
    }

    /**
     * The trust store of settings {@code prefix.location}, {@code .password} and {@code .type}
     * (e.g. registry.ssl.truststore), opened once to check it; null when no location is set.
     *
     * @throws ConfigException naming the settings when the file is missing or the password is wrong
     */
    public TrustStore trustStore(String prefix, String defaultType) {
        String location = values.getOrDefault(prefix + ".location", "");
        String password = values.getOrDefault(prefix + ".password", "");
        String type = values.getOrDefault(prefix + ".type", defaultType);
        if (location.isBlank() || location.contains("${") || password.contains("${")) {
            return null; // none, or left to a Kafka config provider
        }
        try {
            TrustStore store = new TrustStore(Path.of(location), password, type);
            store.load();
            return store;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(prefix + ".location = '" + location + "' (from " + where(prefix + ".location")
                    + "), password from " + where(prefix + ".password") + ", type " + type + ": " + e.getMessage()
                    + "; fix " + prefix + ".location, .password or .type");
        }
    }

    public int intValue(String key) {
        return checked(key, this::integer);
    }

    public Duration durationValue(String key) {
        return checked(key, this::duration);
    }

    public boolean boolValue(String key) {
        return checked(key, this::bool);
    }

    public double doubleValue(String key) {
        return checked(key, this::number);
    }

    /** Reads one setting with a reader that collects problems, and fails with them at once. */
    private <T> T checked(String key, java.util.function.BiFunction<String, List<String>, T> reader) {
        List<String> problems = new ArrayList<>();
        T v = reader.apply(key, problems);
        fail(problems);
        return v;
    }

    /** A size in bytes, written like 256m, 1g, 64k or a plain number of bytes. */
    public long bytesValue(String key) {
        String v = get(key).trim().toLowerCase(Locale.ROOT);
        Matcher m = Pattern.compile("(\\d+)\\s*([kmg]?)i?b?").matcher(v);
        if (!m.matches()) {
            throw new ConfigException(key + " = '" + get(key) + "' (from " + where(key)
                    + ") is not a size; write it like 256m, 1g or 65536");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
    }

    private String where(String key) {
        return origins.getOrDefault(key, "the default");
    }

    private double number(String key, List<String> problems) {
        String v = get(key);
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            problems.add(key + " = '" + v + "' (from " + where(key) + ") is not a number; example: 0.15");
            return 0;
        }
    }

    private int integer(String key, List<String> problems) {
        String v = get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            problems.add(key + " = '" + v + "' (from " + where(key) + ") is not a whole number; example: 35");
            return 0;
        }
    }

    private int nonNegative(String key, List<String> problems) {
        int n = integer(key, problems);
        if (n < 0) {
            problems.add(key + " = '" + get(key) + "' (from " + where(key) + ") must be 0 or more");
            return 0;
        }
        return n;
    }

    private boolean bool(String key, List<String> problems) {
        String v = get(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            problems.add(key + " = '" + get(key) + "' (from " + where(key) + ") must be true or false");
        }
        return v.equals("true");
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Duration duration(String key, List<String> problems) {
        String v = get(key);
        try {
            return parseDuration(v);
        } catch (IllegalArgumentException e) {
            problems.add(key + " = '" + v + "' (from " + where(key)
                    + ") is not a duration; write it like 90d, 12h, 30m, 45s, 500ms or ISO-8601 (P90D, PT12H)");
            return Duration.ZERO;
        }
    }

    public static Duration parseDuration(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
    }

    /** A configuration mistake; its message says what to fix. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
