package io.partnersignals.http;

import static io.partnersignals.http.HtmlText.escape;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The score over time as inline SVG drawn on the server (no script, no chart library): the daily
 * scores as a line, the band thresholds as dashed lines, one marker per alert. Colours come from
 * classes in site.css, since the Content-Security-Policy allows no inline styles.
 */
final class ScoreChart {

    /** One day's score. */
    record Point(Instant at, int score, String band) {
    }

    /** The alert kinds, as RiskAlert.kind names them. */
    static final String BAND_CHANGE = "BAND_CHANGE";
    static final String DETERIORATING = "DETERIORATING";

    /** An alert to mark: when, the bands, the score that raised it, and its kind (BAND_CHANGE or DETERIORATING). */
    record Marker(Instant at, String fromBand, String toBand, int score, String kind) {

        /** A band change. */
        Marker(Instant at, String fromBand, String toBand, int score) {
            this(at, fromBand, toBand, score, BAND_CHANGE);
        }
    }

    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    private static final int LEFT = 40;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 36;

    private ScoreChart() {
    }

    static String svg(List<Point> points, List<Marker> alerts, int amberAt, int redAt) {
        StringBuilder svg = new StringBuilder(4096 + points.size() * 96);
        svg.append("<svg id=\"score-chart\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"score-chart-title score-chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n")
                .append("<title id=\"score-chart-title\">Score over time</title>\n<desc id=\"score-chart-desc\">")
                .append(escape(describe(points, alerts))).append("</desc>\n");
        // bands as background areas, then the grid and thresholds
        svg.append(area("zone-red", redAt, 100)).append(area("zone-amber", amberAt, redAt)).append(area("zone-green", 0, amberAt));
        for (int s = 0; s <= 100; s += 25) {
            svg.append("<text class=\"axis\" x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y(s) + 4))
                    .append("\" text-anchor=\"end\">").append(s).append("</text>\n");
        }
        svg.append(threshold("threshold threshold-red", redAt, "RED from " + redAt))
                .append(threshold("threshold threshold-amber", amberAt, "AMBER from " + amberAt));
        if (points.isEmpty()) {
            svg.append("<text class=\"axis\" x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\">No history yet</text>\n");
        } else {
            Instant first = points.get(0).at();
            Instant last = points.get(points.size() - 1).at();
            for (Marker a : alerts) { // an alert before the history still belongs on the time axis
                first = a.at().isBefore(first) ? a.at() : first;
                last = a.at().isAfter(last) ? a.at() : last;
            }
            svg.append("<text class=\"axis\" x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 10).append("\">")
                    .append(Humane.date(first)).append("</text>\n<text class=\"axis\" x=\"").append(WIDTH - RIGHT)
                    .append("\" y=\"").append(HEIGHT - 10).append("\" text-anchor=\"end\">").append(Humane.date(last))
                    .append("</text>\n<polyline class=\"score-line\" fill=\"none\" points=\"");
            for (Point p : points) {
                svg.append(fmt(x(p.at(), first, last))).append(',').append(fmt(y(p.score()))).append(' ');
            }
            svg.append("\"/>\n");
            for (Point p : points) {
                svg.append("<circle class=\"score-point band-").append(escape(p.band())).append("\" cx=\"")
                        .append(fmt(x(p.at(), first, last))).append("\" cy=\"").append(fmt(y(p.score())))
                        .append("\" r=\"2.5\"><title>").append(Humane.date(p.at())).append(": ").append(p.score())
                        .append(' ').append(escape(p.band())).append("</title></circle>\n");
            }
            for (Marker a : alerts) {
                double cx = x(a.at(), first, last);
                double cy = y(a.score());
                boolean deteriorating = DETERIORATING.equals(a.kind());
                svg.append("<g class=\"alert-marker").append(deteriorating ? " deteriorating" : "").append(" to-")
                        .append(escape(a.toBand())).append("\"><title>").append(deteriorating ? "Deteriorating " : "Alert ")
                        .append(Humane.dateTime(a.at())).append(": ").append(escape(a.fromBand())).append(" to ")
                        .append(escape(a.toBand())).append(" at ").append(a.score()).append("</title>")
                        // a diamond, not only a colour: visible to people who do not see the colour
                        .append("<path d=\"M").append(fmt(cx)).append(' ').append(fmt(cy - 7)).append(" l7 7 l-7 7 l-7 -7 z\"/>")
                        .append("<line x1=\"").append(fmt(cx)).append("\" x2=\"").append(fmt(cx)).append("\" y1=\"")
                        .append(TOP).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/></g>\n");
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static String describe(List<Point> points, List<Marker> alerts) {
        if (points.isEmpty()) {
            return "No history yet.";
        }
        Point first = points.get(0);
        Point last = points.get(points.size() - 1);
        int min = points.stream().mapToInt(Point::score).min().orElse(0);
        int max = points.stream().mapToInt(Point::score).max().orElse(0);
        return "Daily score from " + Humane.date(first.at()) + " (" + first.score() + ", " + first.band() + ") to "
                + Humane.date(last.at()) + " (" + last.score() + ", " + last.band() + "); lowest " + min + ", highest "
                + max + "; " + Humane.count(alerts.size(), "alert") + " marked.";
    }

    private static String area(String cls, int from, int to) {
        return "<rect class=\"" + cls + "\" x=\"" + LEFT + "\" width=\"" + (WIDTH - LEFT - RIGHT) + "\" y=\"" + fmt(y(to))
                + "\" height=\"" + fmt(y(from) - y(to)) + "\"/>\n";
    }

    private static String threshold(String cls, int score, String label) {
        return "<g class=\"" + cls + "\" data-score=\"" + score + "\"><line x1=\"" + LEFT + "\" x2=\"" + (WIDTH - RIGHT)
                + "\" y1=\"" + fmt(y(score)) + "\" y2=\"" + fmt(y(score)) + "\"/><text x=\"" + (WIDTH - RIGHT - 4)
                + "\" y=\"" + fmt(y(score) - 4) + "\" text-anchor=\"end\">" + escape(label) + "</text></g>\n";
    }

    static double y(int score) {
        int s = Math.max(0, Math.min(100, score));
        return TOP + (100 - s) * (HEIGHT - TOP - BOTTOM) / 100.0;
    }

    static double x(Instant at, Instant first, Instant last) {
        long span = last.toEpochMilli() - first.toEpochMilli();
        double width = WIDTH - LEFT - RIGHT;
        if (span <= 0) {
            return LEFT + width / 2;
        }
        return LEFT + width * (at.toEpochMilli() - first.toEpochMilli()) / span;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
