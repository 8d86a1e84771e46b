package io.partnersignals.runtime;

import io.partnersignals.config.ConfigDeclaration;
import io.partnersignals.config.ConfigValues;
import io.partnersignals.config.Durations;
import io.partnersignals.http.HttpSettings;
import io.partnersignals.http.HttpTls;
import io.partnersignals.registry.TrustStore;
import io.partnersignals.topology.TopologySettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The application's configuration: the defaults declared in {@link ConfigDeclaration}, then a
 * properties file, then environment variables ({@code PARTNER_SIGNALS_} + the key in upper case with
 * '.' and '-' as '_'), then command-line {@code --set key=value}. Every key is known and checked at
 * load; a mistake stops start-up with a message that names the key, the bad value, where it came
 * from and what is expected. This is the only place that maps environment variables to settings.
 *
 * <p>Secrets: any setting can also come from a file named by the same environment variable with
 * {@code _FILE} appended ({@code PARTNER_SIGNALS_KAFKA_SASL_JAAS_CONFIG_FILE=/run/secrets/jaas}), the
 * way container secrets are mounted; the file's content, trimmed, is the value.
 */
public final class AppConfig {

    public static final String ENV_PREFIX = ConfigDeclaration.ENV_PREFIX;
    /** An environment variable named for a key plus this names a file that holds the value (secrets). */
    public static final String FILE_SUFFIX = "_FILE";
    /** The environment variable that names the properties file when no --config is given. */
    public static final String CONFIG_FILE_ENV = ENV_PREFIX + "CONFIG";

    private final ConfigValues values;

    private AppConfig(ConfigValues values) {
        this.values = values;
    }

    /**
     * Loads the configuration as the command line gives it: {@code file} from --config, else the file
     * {@link #CONFIG_FILE_ENV} names, else none; then {@link #load}.
     *
     * @throws ConfigException when the file named does not exist, or for any bad setting
     */
    public static AppConfig fromCommandLine(Path file, Map<String, String> env, Map<String, String> overrides) {
        Path chosen = file;
        if (chosen == null && env.get(CONFIG_FILE_ENV) != null && !env.get(CONFIG_FILE_ENV).isBlank()) {
            chosen = Path.of(env.get(CONFIG_FILE_ENV).trim());
        }
        if (chosen != null && !Files.isRegularFile(chosen)) {
            throw new ConfigException("configuration file " + chosen + " does not exist"
                    + (file == null ? " (named by " + CONFIG_FILE_ENV + ")" : ""));
        }
        return load(chosen, env, overrides);
    }

    /** Loads the configuration; {@code file} may be null. */
    public static AppConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
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
        for (String key : ConfigDeclaration.DEFINITION.names()) {
            String v = env.get(envName(key));
            if (v != null) {
                set(values, origins, problems, key, v.trim(), "environment " + envName(key));
            }
        }
        // any other Kafka property: PARTNER_SIGNALS_KAFKA_SECURITY_PROTOCOL -> kafka.security.protocol
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String prefix = ENV_PREFIX + "KAFKA_";
            if (e.getKey().startsWith(prefix) && !ConfigDeclaration.declares(envKey(e.getKey())) && !isSecretFile(e.getKey())) {
                set(values, origins, problems, kafkaKey(e.getKey()), e.getValue().trim(), "environment " + e.getKey());
            }
        }
        // a setting's value from a file: PARTNER_SIGNALS_<SETTING>_FILE=/run/secrets/...
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!isSecretFile(e.getKey())) {
                continue;
            }
            String direct = e.getKey().substring(0, e.getKey().length() - FILE_SUFFIX.length());
            String key = ConfigDeclaration.declares(envKey(direct)) ? envKey(direct) : kafkaKey(direct);
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
        ConfigValues checked = ConfigValues.parse(values, origins, problems);
        fail(problems);
        return new AppConfig(checked);
    }

    /**
     * This configuration with the model.* settings of {@code file} (a properties file like --config's) on
     * top, as {@code replay --compare-config} tries them. Only model.* settings may be given: any other
     * key is refused, so that the two runs compared differ in the model alone. Values are checked by the
     * declaration as at load, each problem naming the key, the value, the file and what is expected.
     *
     * @throws ConfigException when the file cannot be read, names a key that is not a declared model.*
     *                         setting, or gives a bad value
     */
    public AppConfig withModelSettings(Path file) {
        String origin = "file " + file + " (--compare-config)";
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--compare-config: configuration file " + file + " does not exist");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + file + " (--compare-config): " + e.getMessage());
        }
        Map<String, String> given = new LinkedHashMap<>(values.given());
        Map<String, String> origins = new TreeMap<>();
        given.keySet().forEach(k -> origins.put(k, values.origin(k)));
        List<String> problems = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            if (!key.startsWith(MODEL_PREFIX)) {
                problems.add("'" + key + "' (from " + origin + ") is not a model setting: --compare-config changes only "
                        + "model.* settings (weights, thresholds, windows); give " + key + " with --config, the "
                        + "environment or --set, for both runs");
            } else if (!ConfigDeclaration.declares(key)) {
                problems.add("unknown setting '" + key + "' (from " + origin + "); known model settings: "
                        + String.join(", ", ConfigDeclaration.DEFINITION.names().stream()
                                .filter(k -> k.startsWith(MODEL_PREFIX)).sorted().toList()));
            } else {
                given.put(key, p.getProperty(key).trim());
                origins.put(key, origin);
            }
        }
        // every problem of the file at once: a refused key and a bad value of another
        ConfigValues checked = ConfigValues.parse(given, origins, problems);
        fail(problems);
        return new AppConfig(checked);
    }

    /** The prefix of the risk model's settings, the only ones {@link #withModelSettings} changes. */
    public static final String MODEL_PREFIX = "model.";

    private static void set(Map<String, String> values, Map<String, String> origins, List<String> problems,
                            String key, String value, String origin) {
        // kafka.* is passed through to Kafka by the live runtime
        if (!key.startsWith(ConfigDeclaration.KAFKA_PREFIX) && !ConfigDeclaration.declares(key)) {
            problems.add(ConfigValues.unknown(key, origin));
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
        if (!envName.startsWith(ENV_PREFIX) || !envName.endsWith(FILE_SUFFIX) || ConfigDeclaration.declares(envKey(envName))) {
            return false;
        }
        String direct = envName.substring(0, envName.length() - FILE_SUFFIX.length());
        if (ConfigDeclaration.declares(envKey(direct))) {
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
        for (String key : ConfigDeclaration.DEFINITION.names()) {
            if (envName(key).equals(envName)) {
                return key;
            }
        }
        return "";
    }

    public static String envName(String key) {
        return ConfigDeclaration.envName(key);
    }

    /** The topology settings this configuration describes, checked as a whole. */
    public TopologySettings topologySettings() {
        try {
            return TopologySettings.from(values, TopologySettings.StateStorage.ROCKSDB);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
    }

    /**
     * The HTTP endpoints' settings, checked as a whole; with {@code http.tls.keystore} set, the
     * keystore and truststore are opened now, so a wrong path or password stops start-up.
     */
    public HttpSettings httpSettings() {
        List<String> problems = new ArrayList<>();
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
        return new HttpSettings(get("http.host"), intValue("http.port"), get("http.token"), get("http.next-token"),
                durationValue("http.idle-timeout"), intValue("http.max-concurrent-requests"),
                intValue("http.max-queued-requests"), intValue("http.login.max-failures"),
                durationValue("http.login.window"), null, HttpSettings.DEFAULT_PEER_TIMEOUT,
                new HttpSettings.PageSettings(boolValue("http.story-time"), intValue("model.threshold.amber"),
                        intValue("model.threshold.red")), durationValue("history.retention")).withTls(tls);
    }

    /** The value as given (or the declared default's text); null for a key neither declared nor given. */
    public String get(String key) {
        return values.text(key);
    }

    /** Where the value of {@code key} came from: "the default", "file ...", "environment ...", "--set". */
    public String origin(String key) {
        return where(key);
    }

    /** The settings themselves, checked and typed by the declaration. */
    public ConfigValues values() {
        return values;
    }

    /** The Kafka properties given as kafka.* settings, without the prefix. */
    public Map<String, String> kafkaProperties() {
        Map<String, String> kafka = new TreeMap<>();
        values.kafka().forEach((k, v) -> kafka.put(k.substring(ConfigDeclaration.KAFKA_PREFIX.length()), v));
        return kafka;
    }

    /**
     * The trust store of settings {@code prefix.location}, {@code .password} and {@code .type}
     * (e.g. registry.ssl.truststore), opened once to check it; null when no location is set.
     *
     * @throws ConfigException naming the settings when the file is missing or the password is wrong
     */
    public TrustStore trustStore(String prefix, String defaultType) {
        String location = Objects.requireNonNullElse(get(prefix + ".location"), "");
        String password = Objects.requireNonNullElse(get(prefix + ".password"), "");
        String type = Objects.requireNonNullElse(get(prefix + ".type"), defaultType);
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
        return values.integer(key);
    }

    /** A duration setting; null for one that may be empty (e.g. registry.retry.timeout) and is. */
    public Duration durationValue(String key) {
        return values.duration(key);
    }

    public boolean boolValue(String key) {
        return values.bool(key);
    }

    public double doubleValue(String key) {
        return values.number(key);
    }

    /** A size in bytes, written like 256m, 1g, 64k or a plain number of bytes. */
    public long bytesValue(String key) {
        return values.bytes(key);
    }

    /** A duration written like 90d, 12h, 30m, 45s, 500ms or ISO-8601. */
    public static Duration parseDuration(String text) {
        return Durations.parse(text);
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
    }

    private String where(String key) {
        return values.origin(key);
    }

    /** A configuration mistake; its message says what to fix. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
