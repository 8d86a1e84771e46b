package io.partnersignals.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * WCAG 2.1 AA: every text colour of site.css on the background it is used on has a contrast ratio of
 * at least 4.5:1, computed from the colours in the file itself (relative luminance as WCAG defines it).
 */
class SiteCssContrastTest {

    /** Text colour, background, where. */
    private static final String[][] PAIRS = {
            {"--text", "--bg", "body text"},
            {"--muted", "--bg", "secondary text"},
            {"--link", "--bg", "links"},
            {"--header-text", "--header-bg", "the header"},
            {"--red-text", "--red", "RED badge and count"},
            {"--amber-text", "--amber", "AMBER badge and count"},
            {"--green-text", "--green", "GREEN badge and count"},
            {"--worse", "--bg", "rising scores"},
            {"--better", "--bg", "falling scores, acknowledgements"},
            {"--text", "--note-bg", "story-time notice and warnings"},
            {"--muted", "--row-alt", "secondary text on striped rows"},
            {"--link", "--row-alt", "links on striped rows"},
            {"--worse", "--row-alt", "rising scores on striped rows"},
            {"--better", "--row-alt", "falling scores on striped rows"},
            {"--text", "--our-bg", "our side of the partnership"},
            {"--muted", "--our-bg", "secondary text on our side"},
            {"--link", "--our-bg", "links on our side"},
            {"--our-accent", "--our-bg", "our-side score"},
    };

    @Test
    void everyTextColourPairIsAtLeast4Point5To1() throws IOException {
        Map<String, String> colours = colours();
        for (String[] pair : PAIRS) {
            double ratio = contrast(colours.get(pair[0]), colours.get(pair[1]));
            assertThat(ratio).as("%s: %s on %s", pair[2], colours.get(pair[0]), colours.get(pair[1]))
                    .isGreaterThanOrEqualTo(4.5);
        }
    }

    @Test
    void amberIsNotWhiteOnOrange() throws IOException {
        assertThat(colours().get("--amber-text")).isNotEqualTo("#ffffff");
        // the old page's white on #ef8f00 fails, as a check of the computation
        assertThat(contrast("#ffffff", "#ef8f00")).isLessThan(4.5);
        assertThat(contrast("#000000", "#ffffff")).isEqualTo(21.0, org.assertj.core.data.Offset.offset(0.01));
    }

    private static Map<String, String> colours() throws IOException {
        String css;
        try (InputStream in = SiteCssContrastTest.class.getResourceAsStream("/assets/site.css")) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> colours = new HashMap<>();
        Matcher m = Pattern.compile("(--[a-z-]+):\\s*(#[0-9a-fA-F]{6})\\s*;").matcher(css);
        while (m.find()) {
            colours.put(m.group(1), m.group(2).toLowerCase());
        }
        for (String[] pair : PAIRS) {
            assertThat(colours).as("site.css declares the colours of " + pair[2]).containsKeys(pair[0], pair[1]);
        }
        return colours;
    }

    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
