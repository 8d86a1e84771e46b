package io.partnersignals.http;

import static io.partnersignals.http.HtmlText.escape;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The overview at {@code /}: counts by band, then every partner in a table that the server sorts,
 * filters and searches by the query ({@code ?band=RED&q=acme&sort=score}), so that it works without
 * JavaScript; /assets/overview.js does the same in the browser and refreshes the rows every 5 seconds.
 *
 * <p>It reads the partners from the JSON of {@code GET /api/partners}, the same shape the script
 * reads, so the two cannot drift apart; fields the listing does not hold (yet) show as unknown.
 */
final class OverviewPage {

    enum Band { RED, AMBER, GREEN }

    /** One partner as the page shows it; null fields are unknown. */
    record Row(String partnerId, String partnerName, int score, String band, Integer previousScore, Instant computedAt,
               String reason, Integer change7d, Integer change30d, Instant bandSince, String owner,
               int unacknowledgedAlerts, Integer ourSide) {

        String name() {
            return partnerName == null || partnerName.isBlank() ? partnerId : partnerName;
        }

        static Row of(JsonNode p) {
            return new Row(text(p, "partnerId"), text(p, "partnerName"), p.path("score").asInt(), text(p, "band"),
                    integer(p, "previousScore"), instant(p, "computedAt"), text(p, "reason"), integer(p, "change7d"),
                    integer(p, "change30d"), instant(p, "bandSince"), text(p, "owner"),
                    p.path("unacknowledgedAlerts").asInt(0), integer(p, "ourSide"));
        }
    }

    /** What the reader asked for: a band (null: all), a search text, a sort column and whether it is reversed. */
    record Query(Band band, String search, String sort, boolean reversed) {

        static final List<String> SORTS = List.of("score", "name", "change", "time-in-band", "our-side");
        static final Query DEFAULT = new Query(null, "", "score", false);

        /** From the raw query string; unknown values fall back to the defaults instead of failing. */
        static Query parse(String rawQuery) {
            Band band = null;
            String search = "";
            String sort = "score";
            boolean reversed = false;
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    switch (name) {
                        case "band" -> {
                            try {
                                band = value.isEmpty() || value.equalsIgnoreCase("ALL") ? null
                                        : Band.valueOf(value.toUpperCase(Locale.ROOT));
                            } catch (IllegalArgumentException e) {
                                band = null;
                            }
                        }
                        case "q" -> search = value.strip();
                        case "sort" -> {
                            boolean minus = value.startsWith("-");
                            String column = minus ? value.substring(1) : value;
                            if (SORTS.contains(column)) {
                                sort = column;
                                reversed = minus;
                            }
                        }
                        default -> { }
                    }
                }
            }
            return new Query(band, search, sort, reversed);
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }

        boolean keeps(Row r) {
            if (band != null && !band.name().equals(r.band())) {
                return false;
            }
            if (search.isEmpty()) {
                return true;
            }
            String s = search.toLowerCase(Locale.ROOT);
            return r.partnerId().toLowerCase(Locale.ROOT).contains(s) || r.name().toLowerCase(Locale.ROOT).contains(s);
        }

        /**
         * Each column's natural order is what a relationship owner looks at first: highest score, A to Z,
         * largest rise in 7 days, longest in the band, highest our-side score; unknowns last either way.
         * The id breaks ties.
         */
        Comparator<Row> order() {
            Comparator<Row> natural = switch (sort) {
                case "name" -> Comparator.comparing((Row r) -> r.name().toLowerCase(Locale.ROOT));
                case "change" -> Comparator.comparing(Row::change7d, nullsLast(Comparator.<Integer>reverseOrder(), reversed));
                case "time-in-band" -> Comparator.comparing(Row::bandSince, nullsLast(Comparator.<Instant>naturalOrder(), reversed));
                case "our-side" -> Comparator.comparing(Row::ourSide, nullsLast(Comparator.<Integer>reverseOrder(), reversed));
                default -> Comparator.comparingInt(Row::score).reversed();
            };
            return (reversed ? natural.reversed() : natural).thenComparing(Row::partnerId);
        }

        /** Nulls stay last after {@code reversed()}: they are placed first here when the whole order is reversed. */
        private static <T extends Comparable<? super T>> Comparator<T> nullsLast(Comparator<T> c, boolean reversed) {
            return reversed ? Comparator.nullsFirst(c) : Comparator.nullsLast(c);
        }

        /** The query string of this view with another sort; empty parts left out. */
        String with(String sortValue) {
            StringBuilder q = new StringBuilder("?");
            if (band != null) {
                q.append("band=").append(band.name()).append('&');
            }
            if (!search.isEmpty()) {
                q.append("q=").append(java.net.URLEncoder.encode(search, StandardCharsets.UTF_8)).append('&');
            }
            return q.append("sort=").append(sortValue).toString();
        }
    }

    private OverviewPage() {
    }

    static List<Row> rows(JsonNode listing) {
        List<Row> rows = new ArrayList<>();
        listing.path("partners").forEach(p -> rows.add(Row.of(p)));
        return rows;
    }

    static List<String> incomplete(JsonNode listing) {
        List<String> names = new ArrayList<>();
        listing.path("incomplete").forEach(n -> names.add(n.asText()));
        return names;
    }

    /**
     * @param now        what "ago" counts from: the wall clock, or in story time the latest score's time
     * @param updatedAt  when the page was made (wall clock)
     */
    static String render(List<Row> all, List<String> incomplete, Query query, Instant now, Instant updatedAt,
                         boolean storyTime) {
        List<Row> shown = all.stream().filter(query::keeps).sorted(query.order()).toList();
        StringBuilder main = new StringBuilder(8192 + shown.size() * 1024);
        main.append("<h1>Partner risk</h1>\n");
        counts(main, all, query);
        if (!incomplete.isEmpty()) {
            main.append("<p class=\"warn\" role=\"status\">Incomplete: no answer from ")
                    .append(escape(String.join(", ", incomplete))).append("; the partners held there are missing.</p>\n");
        }
        main.append("<form id=\"overview\" method=\"get\" action=\"/\" data-story-time=\"").append(storyTime)
                .append("\" data-now=\"").append(now).append("\">\n");
        filters(main, query);
        main.append("<div class=\"table-scroll\">\n<table id=\"partners\">\n<caption>")
                .append(caption(shown.size(), all.size(), query)).append("</caption>\n<thead><tr>")
                .append("<th scope=\"col\">Band</th>")
                .append(sortable("Score", "score", query))
                .append(sortable("Partner", "name", query))
                .append(sortable("7 days", "change", query))
                .append("<th scope=\"col\">30 days</th>")
                .append(sortable("In band since", "time-in-band", query))
                .append(sortable("Our side", "our-side", query))
                .append("<th scope=\"col\">Owner</th><th scope=\"col\">First reason</th></tr></thead>\n<tbody>\n");
        for (Row r : shown) {
            row(main, r, now);
        }
        main.append("</tbody>\n</table>\n</div>\n");
        if (shown.isEmpty()) {
            main.append("<p id=\"no-partners\">").append(all.isEmpty() ? "No partner has a score yet."
                    : "No partner matches; <a href=\"/\">show all</a>.").append("</p>\n");
        }
        main.append("</form>\n<p class=\"updates\"><span id=\"updated-at\">Updated ")
                .append("<time datetime=\"").append(updatedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .append("\">").append(Humane.dateTime(updatedAt)).append("</time></span>")
                .append(" <button type=\"button\" id=\"pause-updates\" aria-pressed=\"false\" hidden>Pause updates</button>")
                .append("<span class=\"no-script\"> Reload the page for newer scores.</span></p>\n");
        return Layout.page("Partner risk", main.toString(), "overview.js", false,
                storyTime ? Layout.storyNote(now) : null);
    }

    /** Counts over every partner, whatever the filter: each one a link that filters by its band. */
    private static void counts(StringBuilder main, List<Row> all, Query query) {
        Map<Band, Integer> counts = new EnumMap<>(Band.class);
        for (Band b : Band.values()) {
            counts.put(b, 0);
        }
        all.forEach(r -> {
            try {
                counts.merge(Band.valueOf(r.band()), 1, Integer::sum);
            } catch (IllegalArgumentException | NullPointerException e) {
                // a band this page does not know is counted nowhere
            }
        });
        main.append("<ul id=\"band-counts\" aria-label=\"Partners by band\">\n");
        for (Band b : Band.values()) {
            main.append("<li data-band=\"").append(b).append("\" class=\"band-").append(b).append("\"><a href=\"/?band=")
                    .append(b).append("\"").append(b == query.band() ? " aria-current=\"true\"" : "")
                    .append("><span class=\"count\">").append(counts.get(b)).append("</span> <span class=\"label\">")
                    .append(b).append("</span></a></li>\n");
        }
        main.append("</ul>\n");
    }

    private static void filters(StringBuilder main, Query query) {
        main.append("<div class=\"filters\">\n<p><label for=\"band-filter\">Band</label>\n<select id=\"band-filter\" name=\"band\">");
        main.append("<option value=\"ALL\"").append(query.band() == null ? " selected" : "").append(">All bands</option>");
        for (Band b : Band.values()) {
            main.append("<option value=\"").append(b).append('"').append(b == query.band() ? " selected" : "").append('>')
                    .append(b).append("</option>");
        }
        main.append("</select></p>\n<p><label for=\"search\">Search name or id</label>\n")
                .append("<input id=\"search\" name=\"q\" type=\"search\" autocomplete=\"off\" value=\"")
                .append(escape(query.search())).append("\"></p>\n")
                .append("<input type=\"hidden\" name=\"sort\" value=\"").append(query.reversed() ? "-" : "")
                .append(escape(query.sort())).append("\">\n")
                .append("<p><button type=\"submit\" id=\"apply-filters\">Show</button></p>\n</div>\n");
    }

    private static String caption(int shown, int all, Query query) {
        String order = switch (query.sort()) {
            case "name" -> query.reversed() ? "by name, Z to A" : "by name, A to Z";
            case "change" -> query.reversed() ? "largest 7-day fall first" : "largest 7-day rise first";
            case "time-in-band" -> query.reversed() ? "shortest time in band first" : "longest time in band first";
            case "our-side" -> query.reversed() ? "lowest our-side score first" : "highest our-side score first";
            default -> query.reversed() ? "lowest score first" : "highest score first";
        };
        String which = shown == all ? all + " partners" : shown + " of " + all + " partners";
        if (query.band() != null) {
            which += ", " + query.band() + " only";
        }
        if (!query.search().isEmpty()) {
            which += ", matching \u201c" + escape(query.search()) + "\u201d";
        }
        return which + "; " + order;
    }

    /** A header with a real button: without JavaScript it submits the form with this sort, with it the script sorts. */
    private static String sortable(String label, String column, Query query) {
        boolean current = query.sort().equals(column);
        String aria = "";
        if (current) {
            // the natural order of name and time in band is ascending; of score and change, descending
            boolean ascendingNatural = column.equals("name") || column.equals("time-in-band");
            aria = " aria-sort=\"" + (ascendingNatural != query.reversed() ? "ascending" : "descending") + "\"";
        }
        String next = current && !query.reversed() ? "-" + column : column;
        return "<th scope=\"col\"" + aria + "><button type=\"submit\" name=\"sort\" value=\"" + next + "\" data-sort=\""
                + column + "\" formaction=\"/\">" + label + "<span class=\"sort-mark\" aria-hidden=\"true\">"
                + (current ? (query.reversed() ? " \u25b2" : " \u25bc") : "") + "</span></button></th>";
    }

    private static void row(StringBuilder html, Row r, Instant now) {
        html.append("<tr data-partner-id=\"").append(escape(r.partnerId())).append("\" data-band=\"")
                .append(escape(r.band())).append("\">")
                .append("<td class=\"band\" data-label=\"Band\">").append(Layout.bandBadge(r.band()));
        if (r.unacknowledgedAlerts() > 0) {
            html.append(" <span class=\"alerts-open\">").append(Humane.count(r.unacknowledgedAlerts(), "new alert"))
                    .append("</span>");
        }
        html.append("</td><td class=\"score\" data-label=\"Score\">").append(r.score()).append(trend(r))
                .append("</td><td class=\"name\" data-label=\"Partner\"><a href=\"")
                .append(escape(Layout.partnerHref(r.partnerId()))).append("\">").append(escape(r.name()))
                .append("</a><small class=\"id\">").append(escape(r.partnerId())).append("</small></td>")
                .append(change("change-7d", "7 days", r.change7d(), "7 days"))
                .append(change("change-30d", "30 days", r.change30d(), "30 days"))
                .append("<td class=\"band-since\" data-label=\"In band since\">").append(bandSince(r, now))
                .append("</td>").append(ourSide(r))
                .append("<td class=\"owner\" data-label=\"Owner\">")
                .append(r.owner() == null || r.owner().isBlank() ? "<span class=\"muted\">no owner</span>" : escape(r.owner()))
                .append("</td><td class=\"reason\" data-label=\"First reason\">")
                .append(r.reason() == null ? "<span class=\"muted\">no risk found</span>" : HtmlText.prose(r.reason(), null))
                .append("</td></tr>\n");
    }

    /** The glyph is decoration; the words say the same to screen readers and in print. */
    private static String trend(Row r) {
        if (r.previousScore() == null) {
            return " <span class=\"trend\">new</span>";
        }
        int d = r.score() - r.previousScore();
        String glyph = d > 0 ? "\u25b2" : d < 0 ? "\u25bc" : "\u25ac";
        String words = d > 0 ? "up from " + r.previousScore() : d < 0 ? "down from " + r.previousScore()
                : "unchanged";
        return " <span class=\"trend " + (d > 0 ? "up" : d < 0 ? "down" : "flat") + "\" title=\"" + words
                + "\"><span aria-hidden=\"true\">" + glyph + "</span><span class=\"visually-hidden\">" + words
                + "</span></span>";
    }

    static String change(String cls, String label, Integer delta, String period) {
        String dir = delta == null ? "unknown" : delta > 0 ? "up" : delta < 0 ? "down" : "flat";
        return "<td class=\"" + cls + " " + dir + "\" data-label=\"" + label + "\"><span aria-hidden=\"true\">"
                + Humane.change(delta) + "</span><span class=\"visually-hidden\">" + Humane.changeWords(delta, period)
                + "</span></td>";
    }

    /** Our side of the partnership (model v2), never part of the score; a dash when the model did not compute it. */
    static String ourSide(Row r) {
        return "<td class=\"our-side-score\" data-label=\"Our side\">" + (r.ourSide() == null
                ? "<span aria-hidden=\"true\">\u2013</span><span class=\"visually-hidden\">not computed</span>"
                : String.valueOf(r.ourSide())) + "</td>";
    }

    private static String bandSince(Row r, Instant now) {
        if (r.bandSince() == null) {
            return "<span class=\"muted\">unknown</span>";
        }
        return escape(r.band()) + " since " + Humane.time(r.bandSince()) + "<small class=\"span\">"
                + Humane.span(Duration.between(r.bandSince(), now)) + "</small>";
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Integer integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isNumber() ? null : v.asInt();
    }

    private static Instant instant(JsonNode n, String field) {
        return PageData.instant(n.get(field));
    }
}
