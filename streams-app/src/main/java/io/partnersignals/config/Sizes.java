package io.partnersignals.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes in bytes as people write them in settings: 256m, 1g, 64k or a plain number of bytes. */
public final class Sizes {

    /** What a size setting expects, for messages and the documentation. */
    public static final String FORMS = "256m, 1g, 64k or a number of bytes";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)i?b?");

    private Sizes() {
    }

    /** @throws IllegalArgumentException when {@code text} is not a size */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("too large a size: " + text);
        }
        return n << shift;
    }
}
