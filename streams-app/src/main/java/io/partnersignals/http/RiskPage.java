package io.partnersignals.http;

import java.util.List;

/**
 * The HTML of the page: self-contained (no scripts, no external assets), every value escaped,
 * refreshing itself every 5 seconds.
 */
final class RiskPage {

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
            table{border-collapse:collapse;width:100%}th,td{padding:.35em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
            td.score{text-align:right;font-weight:bold}ol{margin:0;padding-left:1.2em}small{color:#666}
            .band{padding:.1em .5em;border-radius:.3em;color:#fff;font-weight:bold}
            .RED{background:#c62828}.AMBER{background:#ef8f00}.GREEN{background:#2e7d32}
            .UP{color:#c62828}.DOWN{color:#2e7d32}.warn{background:#fff3cd;padding:.5em;border:1px solid #e0c96b}""";

    private RiskPage() {
    }

    static String partners(PartnerListing listing) {
        StringBuilder html = head("Partner risk", true);
        html.append("<h1>Partner risk</h1>\n<p><small>").append(listing.partners().size())
                .append(" partners, highest risk first; refreshes every 5 seconds.</small></p>\n");
        if (!listing.incomplete().isEmpty()) {
            html.append("<p class=\"warn\">Incomplete: no answer from ")
                    .append(escape(String.join(", ", listing.incomplete())))
                    .append("; the partners held there are missing.</p>\n");
        }
        html.append("<table>\n<thead><tr><th>Band</th><th>Score</th><th>Trend</th><th>Partner</th>"
                + "<th>Computed at</th><th>Reasons</th></tr></thead>\n<tbody>\n");
        for (PartnerSummary p : listing.partners()) {
            html.append("<tr><td><span class=\"band ").append(escape(p.band().name())).append("\">")
                    .append(escape(p.band().name())).append("</span></td>")
                    .append("<td class=\"score\">").append(p.score()).append("</td>")
                    .append("<td class=\"").append(p.trend().name()).append("\" title=\"")
                    .append(p.previousScore() == null ? "first score" : "was " + p.previousScore()).append("\">")
                    .append(arrow(p.trend())).append("</td>")
                    .append("<td>").append(escape(p.partnerName() == null ? p.partnerId() : p.partnerName()))
                    .append("<br><small>").append(escape(p.partnerId())).append("</small></td>")
                    .append("<td>").append(escape(p.computedAt())).append("</td><td>").append(reasons(p.reasons()))
                    .append("</td></tr>\n");
        }
        return html.append("</tbody>\n</table>\n</body>\n</html>\n").toString();
    }

    static String notReady(String message) {
        return head("Partner risk: not ready", true)
                .append("<h1>Partner risk</h1>\n<p class=\"warn\">").append(escape(message))
                .append(" Trying again in 5 seconds.</p>\n</body>\n</html>\n").toString();
    }

    /** No refresh: reloading would only prolong the wait. */
    static String tooManyAttempts(String message) {
        return head("Partner risk: too many attempts", false)
                .append("<h1>Partner risk</h1>\n<p class=\"warn\">").append(escape(message))
                .append(".</p>\n</body>\n</html>\n").toString();
    }

    static String login(boolean wrongToken) {
        StringBuilder html = head("Partner risk: sign in", false).append("<h1>Partner risk</h1>\n");
        if (wrongToken) {
            html.append("<p class=\"warn\">That token is not right.</p>\n");
        }
        return html.append("""
                <form method="post" action="/login">
                <label>Access token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
                <button type="submit">Show scores</button>
                </form>
                </body>
                </html>
                """).toString();
    }

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

    private static StringBuilder head(String title, boolean refresh) {
        return new StringBuilder(4096).append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append(refresh ? "<meta http-equiv=\"refresh\" content=\"5\">\n" : "")
                .append("<title>").append(escape(title)).append("</title>\n<style>").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
    }

    private static String reasons(List<String> reasons) {
        if (reasons.isEmpty()) {
            return "";
        }
        StringBuilder list = new StringBuilder("<ol>");
        reasons.stream().limit(PartnerSummary.REASONS).forEach(r -> list.append("<li>").append(escape(r)).append("</li>"));
        return list.append("</ol>").toString();
    }

    private static String arrow(PartnerSummary.Trend trend) {
        return switch (trend) {
            case UP -> "&#9650;";
            case DOWN -> "&#9660;";
            case FLAT -> "&#9644;";
            case NEW -> "new";
        };
    }
}
