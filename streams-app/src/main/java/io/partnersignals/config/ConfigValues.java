package io.partnersignals.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings read through {@link ConfigDeclaration}: every declared key with its value (given, or the
 * declared default) checked and typed, the kafka.* settings as given, and where each given value
 * came from. Reading a key that is not declared is a programming error.
 */
public final class ConfigValues {

    private final Map<String, String> text;
    private final Map<String, Object> typed;
    private final Map<String, String> origins;

    private ConfigValues(Map<String, String> text, Map<String, Object> typed, Map<String, String> origins) {
        this.text = text;
        this.typed = typed;
        this.origins = origins;
    }

    /** Only the declared defaults. */
    public static ConfigValues defaults() {
        return of(Map.of());
    }

    /**
     * {@code given} on top of the defaults.
     *
     * @throws IllegalArgumentException naming every key that is unknown or has a bad value
     */
    public static ConfigValues of(Map<String, String> given) {
        List<String> problems = new ArrayList<>();
        for (String key : given.keySet()) {
            if (!ConfigDeclaration.declares(key) && !key.startsWith(ConfigDeclaration.KAFKA_PREFIX)) {
                problems.add(unknown(key, "the code"));
            }
        }
        Map<String, String> origins = new LinkedHashMap<>();
        given.keySet().forEach(k -> origins.put(k, "the code"));
        ConfigValues values = parse(given, origins, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return values;
    }

    /** The message for a key that is neither declared nor a kafka.* setting. */
    public static String unknown(String key, String origin) {
        return "unknown setting '" + key + "' (from " + origin + "); known settings: "
                + String.join(", ", ConfigDeclaration.DEFINITION.names()) + ", and kafka.* for Kafka properties";
    }

    /**
     * Checks and types {@code given} (values already trimmed) on top of the defaults; each problem, naming
     * the key, the value, its origin and what is expected, is added to {@code problems}. Keys that are
     * neither declared nor kafka.* are left out: the caller reports them where it knows their origin.
     */
    public static ConfigValues parse(Map<String, String> given, Map<String, String> origins, List<String> problems) {
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, Object> typed = new LinkedHashMap<>();
        for (ConfigKey key : ConfigDeclaration.DEFINITION.configKeys().values()) {
            String value = given.containsKey(key.name) ? given.get(key.name) : defaultText(key);
            text.put(key.name, value);
            String problem = problem(key, value);
            if (problem != null) {
                problems.add(key.name + " = '" + value + "' (from " + origins.getOrDefault(key.name, "the default") + ") "
                        + problem);
                continue;
            }
            typed.put(key.name, typed(key, value));
        }
        new TreeMap<>(given).forEach((k, v) -> {
            if (k.startsWith(ConfigDeclaration.KAFKA_PREFIX) && !ConfigDeclaration.declares(k)) {
                text.put(k, v);
            }
        });
        return new ConfigValues(Collections.unmodifiableMap(text), typed, Map.copyOf(origins));
    }

    /** The default as it would be written in a file. */
    public static String defaultText(ConfigKey key) {
        if (key.defaultValue instanceof Password p) {
            return p.value();
        }
        return ConfigDef.convertToString(key.defaultValue, key.type);
    }

    private static String problem(ConfigKey key, String value) {
        Object parsed;
        switch (key.type) {
            case INT -> {
                try {
                    parsed = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    return "is not a whole number; example: " + defaultText(key);
                }
            }
            case DOUBLE -> {
                try {
                    double d = Double.parseDouble(value);
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        throw new NumberFormatException();
                    }
                    parsed = d;
                } catch (NumberFormatException e) {
                    return "is not a number; example: " + defaultText(key);
                }
            }
            case BOOLEAN -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    return "must be true or false";
                }
                parsed = Boolean.parseBoolean(value);
            }
            case STRING, PASSWORD -> parsed = value;
            default -> throw new IllegalStateException(key.name + ": type " + key.type + " is not read by ConfigValues");
        }
        if (key.validator instanceof Validators.Check check) {
            return check.problem(parsed);
        }
        if (key.validator != null) {
            try {
                key.validator.ensureValid(key.name, parsed);
            } catch (ConfigException e) {
                return "is not valid: " + e.getMessage();
            }
        }
        return null;
    }

    private static Object typed(ConfigKey key, String value) {
        if (key.validator instanceof Validators.DurationCheck) {
            return value.isBlank() ? null : Durations.parse(value);
        }
        if (key.validator instanceof Validators.SizeCheck) {
            return Sizes.parse(value);
        }
        return switch (key.type) {
            case INT -> Integer.parseInt(value);
            case DOUBLE -> Double.parseDouble(value);
            case BOOLEAN -> Boolean.parseBoolean(value);
            default -> value;
        };
    }

    /** These values with {@code overrides} on top, checked again as a whole. */
    public ConfigValues with(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(given());
        all.putAll(overrides);
        return of(all);
    }

    /** Every value that differs from its default, and every kafka.* setting. */
    public Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>();
        text.forEach((k, v) -> {
            ConfigKey key = ConfigDeclaration.DEFINITION.configKeys().get(k);
            if (key == null || !v.equals(defaultText(key))) {
                given.put(k, v);
            }
        });
        return given;
    }

    /** The value as written (or the default's text); null for an undeclared key that is not given. */
    public String text(String key) {
        return text.get(key);
    }

    /** Where the value of {@code key} came from: "the default", or e.g. "environment PARTNER_SIGNALS_...". */
    public String origin(String key) {
        return origins.getOrDefault(key, "the default");
    }

    /** The kafka.* settings as given, with their full keys. */
    public Map<String, String> kafka() {
        Map<String, String> kafka = new TreeMap<>();
        text.forEach((k, v) -> {
            if (k.startsWith(ConfigDeclaration.KAFKA_PREFIX)) {
                kafka.put(k, v);
            }
        });
        return kafka;
    }

    public String string(String key) {
        return (String) get(key, String.class);
    }

    public int integer(String key) {
        return (Integer) get(key, Integer.class);
    }

    public double number(String key) {
        return (Double) get(key, Double.class);
    }

    public boolean bool(String key) {
        return (Boolean) get(key, Boolean.class);
    }

    /** A duration setting; null when it is one that may be empty and is. */
    public Duration duration(String key) {
        return (Duration) get(key, Duration.class);
    }

    /** A size setting in bytes. */
    public long bytes(String key) {
        return (Long) get(key, Long.class);
    }

    private Object get(String key, Class<?> type) {
        if (!ConfigDeclaration.declares(key)) {
            throw new IllegalStateException("setting '" + key + "' is not declared in ConfigDeclaration");
        }
        Object v = typed.get(key);
        if (v != null && !type.isInstance(v)) {
            throw new IllegalStateException("setting '" + key + "' is a " + v.getClass().getSimpleName() + ", not a "
                    + type.getSimpleName());
        }
        if (v == null && !typed.containsKey(key)) {
            throw new IllegalStateException("setting '" + key + "' has a bad value: " + text.get(key));
        }
        return v;
    }
}
