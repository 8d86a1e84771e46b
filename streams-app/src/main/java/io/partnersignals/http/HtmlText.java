package io.partnersignals.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text into HTML: every value a page shows goes through {@link #escape} (partners and people write
 * names, notes and web pages), and URLs become links only when they are http or https, so that a
 * {@code javascript:} or {@code data:} text never becomes something a click runs.
 */
final class HtmlText {

    /** http(s) URLs up to white space or a quote; a trailing full stop, comma or bracket ends the sentence, not the URL. */
    private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>]+", Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");

    private HtmlText() {
    }

    /** Safe in element content and in quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The text escaped, its http(s) URLs as links (opening in place, telling the target nothing about us). */
    static String linked(String text, String linkClass) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        Matcher m = URL.matcher(text);
        int at = 0;
        while (m.find()) {
            String url = m.group();
            int end = url.length();
            while (end > 0 && ".,;:)]!?".indexOf(url.charAt(end - 1)) >= 0) {
                end--;
            }
            url = url.substring(0, end);
            out.append(escape(text.substring(at, m.start())));
            out.append("<a");
            if (linkClass != null) {
                out.append(" class=\"").append(escape(linkClass)).append('"');
            }
            out.append(" href=\"").append(escape(url)).append("\" rel=\"noopener noreferrer nofollow\">")
                    .append(escape(url)).append("</a>");
            at = m.start() + end;
        }
        return out.append(escape(text.substring(at))).toString();
    }

    /** Evidence: {@link #prose} with its links marked {@code evidence-link}. */
    static String evidence(String text) {
        return prose(text, "evidence-link");
    }

    /** Like {@link #linked}, and ISO dates (yyyy-MM-dd) written for people inside a {@code <time>}. */
    static String prose(String text, String linkClass) {
        String html = linked(text, linkClass);
        // dates inside link targets stay as they are: only text outside tags is rewritten
        StringBuilder out = new StringBuilder(html.length() + 32);
        int i = 0;
        while (i < html.length()) {
            int tag = html.indexOf('<', i);
            String chunk = tag < 0 ? html.substring(i) : html.substring(i, tag);
            Matcher d = DATE.matcher(chunk);
            StringBuilder rewritten = new StringBuilder();
            int at = 0;
            while (d.find()) {
                rewritten.append(chunk, at, d.start());
                String iso = d.group();
                String human;
                try {
                    human = Humane.date(java.time.LocalDate.parse(iso));
                } catch (java.time.format.DateTimeParseException e) {
                    human = iso;
                }
                rewritten.append("<time datetime=\"").append(iso).append("\">").append(human).append("</time>");
                at = d.end();
            }
            out.append(rewritten).append(chunk.substring(at));
            if (tag < 0) {
                break;
            }
            int close = html.indexOf('>', tag);
            // inside an <a>...</a> the text is the URL itself: copy the whole element unchanged
            if (html.startsWith("<a", tag)) {
                close = html.indexOf("</a>", tag) + 3;
            }
            out.append(html, tag, close + 1);
            i = close + 1;
        }
        return out.toString();
    }
}
