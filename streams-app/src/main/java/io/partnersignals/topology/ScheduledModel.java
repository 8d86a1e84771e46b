package io.partnersignals.topology;

import io.partnersignals.config.ConfigDeclaration;
import io.partnersignals.config.ConfigValues;
import io.partnersignals.contract.ModelSettings;
import io.partnersignals.model.RiskModelConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A version of the model from the model topic: the model its settings describe, and the event time
 * from which it scores. The settings go on top of the declared defaults, not on top of this
 * instance's configuration, so that the record alone defines the model and every instance and every
 * replay score with the same one.
 */
record ScheduledModel(String version, long effectiveFrom, RiskModelConfig config) {

    /** The longest version taken: it tags every score. */
    static final int MAX_VERSION = 100;
    private static final String MODEL_PREFIX = "model.";

    /**
     * The model a ModelSettings record describes.
     *
     * @throws InvalidRecordException naming what is wrong: an empty version, a setting that is not a
     *         model.* setting, a value that is not valid, settings that do not fit together
     */
    static ScheduledModel of(ModelSettings record) {
        String version = record.getVersion() == null ? "" : record.getVersion().toString().trim();
        if (version.isEmpty()) {
            throw new InvalidRecordException("version is empty; it tags every score made with these settings");
        }
        if (version.length() > MAX_VERSION) {
            throw new InvalidRecordException("version has " + version.length() + " characters; at most " + MAX_VERSION
                    + " are taken");
        }
        if (record.getEffectiveFrom() == null) {
            throw new InvalidRecordException("effectiveFrom is missing");
        }
        long from = record.getEffectiveFrom().toEpochMilli();
        if (from < 0) {
            throw new InvalidRecordException("effectiveFrom " + record.getEffectiveFrom() + " is before 1970");
        }
        Map<String, String> given = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        if (record.getSettings() != null) {
            record.getSettings().forEach((k, v) -> {
                String key = k.toString().trim();
                if (!key.startsWith(MODEL_PREFIX) || !ConfigDeclaration.declares(key)) {
                    problems.add("unknown model setting '" + key + "'");
                } else if (key.equals("model.version") && !version.equals(String.valueOf(v).trim())) {
                    problems.add("model.version '" + v + "' is not the record's version '" + version + "'");
                } else {
                    given.put(key, v == null ? "" : v.toString().trim());
                }
            });
        }
        given.put("model.version", version);
        Map<String, String> origins = new LinkedHashMap<>();
        given.keySet().forEach(k -> origins.put(k, "model " + version));
        ConfigValues values = ConfigValues.parse(given, origins, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRecordException("model " + version + " (effective from " + Instant.ofEpochMilli(from)
                    + ") is refused: " + String.join("; ", problems));
        }
        try {
            return new ScheduledModel(version, from, RiskModelConfig.from(values));
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("model " + version + " (effective from " + Instant.ofEpochMilli(from)
                    + ") is refused: " + e.getMessage());
        }
    }

    /**
     * What tells this version from another in the clock store's longs, besides its effectiveFrom: a hash of
     * the version and of every setting, so that a version published again with other settings is a switch.
     */
    long identity() {
        return hash(version + "\n" + config.settings());
    }

    static long hash(String version) {
        // FNV-1a, 64 bits: stable across JVMs, unlike String.hashCode's 32 bits
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < version.length(); i++) {
            h ^= version.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
