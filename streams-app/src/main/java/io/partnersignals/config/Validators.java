package io.partnersignals.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks of single settings. Each says what it expects in words a person can act on; the
 * configuration adds the key, the bad value and where it came from. {@code toString()} is the
 * "valid values" column of the documentation.
 */
public final class Validators {

    private Validators() {
    }

    /** A check of one parsed value (a String, Integer, Double or Boolean as the key's type makes it). */
    public abstract static class Check implements ConfigDef.Validator {

        /** What is wrong with {@code value}, as the end of "key = 'value' (from ...) ...", or null when it is fine. */
        public abstract String problem(Object value);

        /** Valid values, for the documentation. */
        public abstract String describe();

        @Override
        public final void ensureValid(String name, Object value) {
            String problem = problem(value);
            if (problem != null) {
                throw new ConfigException(name + " = '" + value + "' " + problem);
            }
        }

        @Override
        public final String toString() {
            return describe();
        }
    }

    /** A duration setting; its parsed value is a {@link Duration}. */
    public static final class DurationCheck extends Check {
        private final boolean positive;
        private final boolean emptyAllowed;

        private DurationCheck(boolean positive, boolean emptyAllowed) {
            this.positive = positive;
            this.emptyAllowed = emptyAllowed;
        }

        public boolean emptyAllowed() {
            return emptyAllowed;
        }

        @Override
        public String problem(Object value) {
            String text = String.valueOf(value);
            if (text.isBlank() && emptyAllowed) {
                return null;
            }
            Duration d;
            try {
                d = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                return "is not a duration; write it like " + Durations.FORMS;
            }
            if (positive && (d.isZero() || d.isNegative())) {
                return "must be more than 0, e.g. 10s";
            }
            if (d.isNegative()) {
                return "must not be negative, e.g. 0s or 1d";
            }
            return null;
        }

        @Override
        public String describe() {
            return (emptyAllowed ? "empty, or " : "") + "duration " + (positive ? "> 0" : ">= 0");
        }
    }

    /** A size setting; its parsed value is a number of bytes (long). */
    public static final class SizeCheck extends Check {
        private final long min;
        private final long maxExclusive;

        private SizeCheck(long min, long maxExclusive) {
            this.min = min;
            this.maxExclusive = maxExclusive;
        }

        @Override
        public String problem(Object value) {
            long n;
            try {
                n = Sizes.parse(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                return "is not a size; write it like 256m, 1g or 65536";
            }
            if (n < min || n >= maxExclusive) {
                return "must be at least " + bytes(min) + " and below " + bytes(maxExclusive);
            }
            return null;
        }

        @Override
        public String describe() {
            return "size (" + Sizes.FORMS + ")" + (min > 0 || maxExclusive < Long.MAX_VALUE
                    ? ", at least " + bytes(min) + " and below " + bytes(maxExclusive) : "");
        }

        private static String bytes(long n) {
            if (n == Long.MAX_VALUE) {
                return String.valueOf(n);
            }
            if (n > 0 && n % (1L << 30) == 0) {
                return (n >> 30) + "g";
            }
            if (n > 0 && n % (1L << 20) == 0) {
                return (n >> 20) + "m";
            }
            if (n > 0 && n % (1L << 10) == 0) {
                return (n >> 10) + "k";
            }
            return String.valueOf(n);
        }
    }

    /** Any duration >= 0. */
    public static DurationCheck duration() {
        return new DurationCheck(false, false);
    }

    /** A duration > 0. */
    public static DurationCheck positiveDuration() {
        return new DurationCheck(true, false);
    }

    /** Empty (the setting's documented fallback) or a duration >= 0. */
    public static DurationCheck durationOrEmpty() {
        return new DurationCheck(false, true);
    }

    /** Any size in bytes >= 0. */
    public static SizeCheck size() {
        return new SizeCheck(0, Long.MAX_VALUE);
    }

    /** A size in bytes in [min, maxExclusive). */
    public static SizeCheck size(long min, long maxExclusive) {
        return new SizeCheck(min, maxExclusive);
    }

    /** A whole number >= min. */
    public static Check atLeast(int min) {
        return new Check() {
            @Override
            public String problem(Object value) {
                return ((Integer) value) < min ? "must be " + min + " or more" : null;
            }

            @Override
            public String describe() {
                return ">= " + min;
            }
        };
    }

    /** A whole number from min to max. */
    public static Check between(int min, int max) {
        return new Check() {
            @Override
            public String problem(Object value) {
                int n = (Integer) value;
                return n < min || n > max ? "must be " + min + "-" + max : null;
            }

            @Override
            public String describe() {
                return min + "-" + max;
            }
        };
    }

    /** A topic's replication factor: 1 or more, or -1 for the broker's default. */
    public static Check replicationFactor() {
        return new Check() {
            @Override
            public String problem(Object value) {
                int n = (Integer) value;
                return n >= 1 || n == -1 ? null : "must be 1 or more, or -1 for the broker's default";
            }

            @Override
            public String describe() {
                return ">= 1, or -1 (the broker's default)";
            }
        };
    }

    /** A number >= min. */
    public static Check numberAtLeast(double min) {
        return new Check() {
            @Override
            public String problem(Object value) {
                return ((Double) value) < min ? "must be " + min + " or more" : null;
            }

            @Override
            public String describe() {
                return ">= " + min;
            }
        };
    }

    /** A number above {@code low} (or equal, when {@code lowIncluded}) and below {@code high} (or equal). */
    public static Check number(double low, boolean lowIncluded, double high, boolean highIncluded) {
        String range = (lowIncluded ? "[" : "(") + low + ", " + high + (highIncluded ? "]" : ")");
        return new Check() {
            @Override
            public String problem(Object value) {
                double d = (Double) value;
                boolean above = lowIncluded ? d >= low : d > low;
                boolean below = highIncluded ? d <= high : d < high;
                return above && below ? null : "must be in " + range;
            }

            @Override
            public String describe() {
                return range;
            }
        };
    }

    /** A Kafka topic name. */
    public static Check topicName() {
        return new Check() {
            @Override
            public String problem(Object value) {
                return String.valueOf(value).matches("[a-zA-Z0-9._-]{1,249}") ? null
                        : "is not a topic name: use 1-249 characters of letters, digits, '.', '_' and '-'";
            }

            @Override
            public String describe() {
                return "topic name: 1-249 of a-z A-Z 0-9 . _ -";
            }
        };
    }

    /** Any text but the empty one. */
    public static Check nonEmpty() {
        return new Check() {
            @Override
            public String problem(Object value) {
                return String.valueOf(value).isBlank() ? "must not be empty" : null;
            }

            @Override
            public String describe() {
                return "not empty";
            }
        };
    }

    /** One of {@code choices}, in any case. */
    public static Check oneOf(String... choices) {
        List<String> all = List.of(choices);
        return new Check() {
            @Override
            public String problem(Object value) {
                return all.contains(String.valueOf(value).trim().toUpperCase(Locale.ROOT)) ? null
                        : "must be one of " + String.join(", ", all);
            }

            @Override
            public String describe() {
                return String.join(", ", all);
            }
        };
    }
}
