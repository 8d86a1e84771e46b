package io.partnersignals.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The samples of a Prometheus text exposition (format 0.0.4), as the application's {@code /metrics}
 * serves them: {@code name{label="value",...} value [timestamp]}; comments and blank lines are skipped.
 */
public final class PrometheusText {

    /** One sample: a metric name, its labels, its value (NaN, ±Infinity included). */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                samples.add(sample(l));
            }
        }
        return new PrometheusText(Collections.unmodifiableList(samples));
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples of metric {@code name} that {@code filter} accepts. */
    public List<Sample> samples(String name, Predicate<Sample> filter) {
        return samples.stream().filter(s -> s.name().equals(name) && filter.test(s)).toList();
    }

    /** The sum of the values of metric {@code name} that {@code filter} accepts (0 when there are none). */
    public double sum(String name, Predicate<Sample> filter) {
        return samples(name, filter).stream().mapToDouble(Sample::value).sum();
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            rest = labels(line, brace + 1, labels);
        } else {
            if (space < 0) {
                throw new IllegalArgumentException("not a sample: " + line);
            }
            name = line.substring(0, space);
            rest = space;
        }
        String[] valueAndTime = line.substring(rest).strip().split("\\s+");
        return new Sample(name, Collections.unmodifiableMap(labels), value(valueAndTime[0], line));
    }

    /** Reads {@code a="x",b="y"}} from {@code from}; returns the index after the closing brace. */
    private static int labels(String line, int from, Map<String, String> labels) {
        int i = from;
        while (true) {
            while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
                i++;
            }
            if (i >= line.length()) {
                throw new IllegalArgumentException("unclosed labels: " + line);
            }
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("bad label at " + i + ": " + line);
            }
            String key = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next); // \\, \" and \n are the only escapes
                } else {
                    value.append(c);
                }
            }
            if (j >= line.length()) {
                throw new IllegalArgumentException("unclosed label value: " + line);
            }
            labels.put(key, value.toString());
            i = j + 1;
        }
    }

    private static double value(String text, String line) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a sample value: " + line);
                }
            }
        };
    }
}
