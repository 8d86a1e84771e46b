package io.partnersignals.http;

import static io.partnersignals.http.HtmlText.escape;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The frame every page shares: landmarks (header, nav, main), the viewport for phones, the style
 * sheet and scripts from {@code /assets/} (nothing from the network, as the Content-Security-Policy
 * in {@link Exchange} demands), and the story-time notice of the demo.
 */
final class Layout {

    private Layout() {
    }

    /**
     * @param script     a file under /assets/ to run (deferred), or null
     * @param refresh    reload every 5 seconds (the not-ready page: it waits for the instance)
     * @param storyNote  the demo's story-time notice, or null outside the demo
     */
    static String page(String title, String main, String script, boolean refresh, String storyNote) {
        StringBuilder html = new StringBuilder(main.length() + 2048)
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append(refresh ? "<meta http-equiv=\"refresh\" content=\"5\">\n" : "")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/assets/site.css\">\n");
        if (script != null) {
            html.append("<script src=\"/assets/").append(escape(script)).append("\" defer></script>\n");
        }
        html.append("</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
                .append("<header class=\"site\">\n<p class=\"brand\"><a href=\"/\">Partner risk</a></p>\n")
                .append("<nav aria-label=\"Main\"><ul><li><a href=\"/\">All partners</a></li></ul></nav>\n</header>\n");
        if (storyNote != null) {
            html.append("<p id=\"story-time\" class=\"story-time\" role=\"note\"><strong>Demo story time.</strong> ")
                    .append(storyNote).append("</p>\n");
        }
        return html.append("<main id=\"main\" tabindex=\"-1\">\n").append(main).append("</main>\n</body>\n</html>\n")
                .toString();
    }

    /** The notice of the demo: its times are the story's, and "ago" counts from the story's latest score. */
    static String storyNote(Instant storyNow) {
        return "Times are the demo story's, not today's: ages count back from the story's latest score, "
                + Humane.time(storyNow) + ".";
    }

    /** A partner id as one path segment: '/' and everything else outside the unreserved characters percent-encoded. */
    static String pathSegment(String id) {
        StringBuilder out = new StringBuilder(id.length() + 8);
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String partnerHref(String id) {
        return "/partners/" + pathSegment(id);
    }

    /** The band as a word on its colour: the word carries the meaning, the colour repeats it. */
    static String bandBadge(String band) {
        String b = band == null ? "UNKNOWN" : band;
        return "<span class=\"badge band-" + escape(b) + "\">" + escape(b) + "</span>";
    }
}
