package io.partnersignals.http;

import static io.partnersignals.http.HtmlText.escape;

import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.OurSide;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskFactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One partner's page at {@code /partners/{id}}, a link to share: the score and its history, every
 * factor with its evidence, our side of the partnership and the competitors courting us (model v2),
 * the alert log with acknowledgements, the owner and the notes. The forms post to
 * {@code /partners/{id}/notes} (handled with the notes), so they work without JavaScript.
 */
final class PartnerPage {

    /** An alert of the log; {@code ack*} null while nobody has acknowledged it; {@code kind} BAND_CHANGE or DETERIORATING. */
    record Alert(Instant at, String fromBand, String toBand, int score, List<String> reasons, String ackBy, Instant ackAt,
                 String ackText, String kind) {

        /** A band change. */
        Alert(Instant at, String fromBand, String toBand, int score, List<String> reasons, String ackBy, Instant ackAt,
              String ackText) {
            this(at, fromBand, toBand, score, reasons, ackBy, ackAt, ackText, ScoreChart.BAND_CHANGE);
        }
    }

    /**
     * What the page shows.
     *
     * @param history oldest first
     * @param alerts  newest first
     * @param notes   oldest first (the page lists them newest first)
     * @param now     what "ago" counts from: the wall clock, or in story time the latest score's time
     */
    /** @param reference the partner's record of the partners topic, or null when there is none */
    record Data(PartnerRisk risk, Partner reference, List<ScoreChart.Point> history, List<Alert> alerts, List<PartnerNote> notes,
                Instant now, boolean storyTime, int amberAt, int redAt) {
    }

    private PartnerPage() {
    }

    /** The latest owner set by a note, or null. */
    static String owner(List<PartnerNote> notes) {
        String owner = null;
        for (PartnerNote n : notes) {
            if (n.getKind() == NoteKind.OWNER_SET) {
                owner = n.getText();
            }
        }
        return owner == null || owner.isBlank() ? null : owner;
    }

    /** The acknowledgement of each alert from the notes (the latest wins), for alerts read without one. */
    static List<Alert> acknowledged(List<Alert> alerts, List<PartnerNote> notes) {
        List<Alert> out = new ArrayList<>(alerts.size());
        for (Alert a : alerts) {
            if (a.ackBy() != null) {
                out.add(a);
                continue;
            }
            PartnerNote ack = null;
            for (PartnerNote n : notes) {
                if (n.getKind() == NoteKind.ACKNOWLEDGED && Objects.equals(n.getAlertAt(), a.at())) {
                    ack = n;
                }
            }
            out.add(ack == null ? a : new Alert(a.at(), a.fromBand(), a.toBand(), a.score(), a.reasons(), ack.getAuthor(),
                    ack.getAt(), ack.getText(), a.kind()));
        }
        return out;
    }

    static String render(Data d) {
        PartnerRisk r = d.risk();
        String id = r.getPartnerId();
        String name = r.getPartnerName() == null || r.getPartnerName().isBlank() ? id : r.getPartnerName();
        String action = escape(Layout.partnerHref(id) + "/notes");
        List<Alert> alerts = acknowledged(d.alerts(), d.notes());
        StringBuilder main = new StringBuilder(16384);
        main.append("<nav aria-label=\"Breadcrumb\" class=\"crumbs\"><a href=\"/\">All partners</a> / <span aria-current=\"page\">")
                .append(escape(name)).append("</span></nav>\n<h1>").append(escape(name)).append("</h1>\n");
        summary(main, d, alerts);
        main.append("<section aria-labelledby=\"history-h\">\n<h2 id=\"history-h\">Score over time</h2>\n<div class=\"chart-box\">")
                .append(ScoreChart.svg(d.history(), alerts.stream()
                        .map(a -> new ScoreChart.Marker(a.at(), a.fromBand(), a.toBand(), a.score(), a.kind())).toList(),
                        d.amberAt(), d.redAt()))
                .append("</div>\n<p class=\"legend\">Dashed lines: AMBER from ").append(d.amberAt()).append(", RED from ")
                .append(d.redAt()).append(". Diamonds: alerts.</p>\n</section>\n");
        factors(main, r);
        ourSide(main, r);
        competitorApproaches(main, r);
        alertLog(main, alerts, action);
        ownerAndNotes(main, d, action);
        facts(main, r, d.reference());
        return Layout.page(name + " \u2013 partner risk", main.toString(), null, false,
                d.storyTime() ? Layout.storyNote(d.now()) : null);
    }

    private static void summary(StringBuilder main, Data d, List<Alert> alerts) {
        PartnerRisk r = d.risk();
        String owner = owner(d.notes());
        long open = alerts.stream().filter(a -> a.ackBy() == null).count();
        main.append("<dl id=\"summary\" class=\"summary\">\n<div><dt>Score</dt><dd class=\"score\">").append(r.getScore())
                .append(' ').append(Layout.bandBadge(r.getBand().name()));
        if (r.getPreviousScore() != null) {
            int delta = r.getScore() - r.getPreviousScore();
            main.append(" <span class=\"trend\">").append(delta > 0 ? "up from " : delta < 0 ? "down from " : "unchanged at ")
                    .append(r.getPreviousScore()).append("</span>");
        }
        main.append("</dd></div>\n<div><dt>Computed</dt><dd>").append(Humane.time(r.getComputedAt())).append(" <small>(")
                .append(Humane.ago(r.getComputedAt(), d.now())).append(")</small></dd></div>\n<div><dt>Owner</dt><dd class=\"owner\">")
                .append(owner == null ? "<span class=\"muted\">no owner</span>" : escape(owner)).append("</dd></div>\n")
                .append("<div><dt>Open alerts</dt><dd>").append(open).append("</dd></div>\n</dl>\n");
        if (!r.getReasons().isEmpty()) {
            main.append("<h2>Why</h2>\n<ol class=\"reasons\">");
            r.getReasons().forEach(s -> main.append("<li>").append(HtmlText.prose(s, null)).append("</li>"));
            main.append("</ol>\n");
        }
    }

    /**
     * The model ranks its reasons by contribution (ties in factor order) and gives one per factor that
     * contributes and has a sentence; when every contributing factor has one, they pair up exactly.
     */
    static List<String> sentences(PartnerRisk r) {
        return sentences(r.getFactors(), r.getReasons());
    }

    /** The pairing of {@link #sentences(PartnerRisk)} for any factors and their reasons (our side's too). */
    static List<String> sentences(List<RiskFactor> factors, List<String> reasons) {
        List<Integer> contributing = new ArrayList<>();
        for (int i = 0; i < factors.size(); i++) {
            if (factors.get(i).getContribution() > 0) {
                contributing.add(i);
            }
        }
        contributing.sort(Comparator.comparingDouble((Integer i) -> factors.get(i).getContribution()).reversed()
                .thenComparing(i -> i));
        List<String> out = new ArrayList<>(java.util.Collections.nCopies(factors.size(), (String) null));
        if (contributing.size() == reasons.size()) {
            for (int k = 0; k < contributing.size(); k++) {
                out.set(contributing.get(k), reasons.get(k));
            }
        }
        return out;
    }

    private static void factors(StringBuilder main, PartnerRisk r) {
        List<String> sentences = sentences(r);
        double max = r.getFactors().stream().mapToDouble(f -> 100.0 * f.getWeight()).sum();
        main.append("<section aria-labelledby=\"factors-h\">\n<h2 id=\"factors-h\">Factors</h2>\n<div class=\"table-scroll\">\n")
                .append("<table id=\"factors\">\n<caption>Each factor's value (0% healthy, 100% worst), its weight, and the "
                        + "points it adds to the score of ").append(r.getScore()).append("</caption>\n<thead><tr>"
                        + "<th scope=\"col\">Factor</th><th scope=\"col\">Value</th><th scope=\"col\">Weight</th>"
                        + "<th scope=\"col\">Points</th><th scope=\"col\">What it means</th><th scope=\"col\">Evidence</th>"
                        + "</tr></thead>\n<tbody>\n");
        for (int i = 0; i < r.getFactors().size(); i++) {
            RiskFactor f = r.getFactors().get(i);
            String sentence = sentences.get(i);
            main.append("<tr data-factor=\"").append(escape(f.getName())).append("\"><th scope=\"row\" data-label=\"Factor\">")
                    .append(escape(label(f.getName()))).append("</th><td class=\"value\" data-label=\"Value\">")
                    .append(Humane.percent(f.getValue())).append("</td><td class=\"weight\" data-label=\"Weight\">")
                    .append(Humane.decimal(f.getWeight(), 2)).append("</td><td class=\"contribution\" data-label=\"Points\">")
                    .append(bar(f.getContribution(), max)).append(' ').append(Humane.decimal(f.getContribution(), 1))
                    .append("</td><td class=\"sentence\" data-label=\"What it means\">")
                    .append(sentence != null ? HtmlText.prose(sentence, null)
                            : f.getContribution() > 0 ? "<span class=\"muted\">see the reasons above</span>"
                            : "<span class=\"muted\">no risk found</span>")
                    .append("</td><td class=\"evidence\" data-label=\"Evidence\">");
            evidence(main, f);
            main.append("</td></tr>\n");
        }
        main.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /**
     * Our side of the two-sided scorecard (model v2): how well we treat the partner, shown apart from the
     * risk so that nobody reads it as part of the score. Model v1 does not compute it.
     */
    private static void ourSide(StringBuilder main, PartnerRisk r) {
        OurSide our = r.getOurSide();
        main.append("<section id=\"our-side\" class=\"our-side\" aria-labelledby=\"our-side-h\">\n")
                .append("<h2 id=\"our-side-h\">Our side of the partnership</h2>\n")
                .append("<p class=\"our-side-note\">How well we treat this partner: our answers to its requests and what it "
                        + "gets from us against what we get from it. 0 is healthy, 100 worst. This is never part of the risk "
                        + "score and never raises an alert.</p>\n");
        if (our == null) {
            main.append("<p id=\"our-side-score\" class=\"muted\">Not computed: model ").append(escape(r.getModelVersion()))
                    .append(" does not score our side.</p>\n</section>\n");
            return;
        }
        main.append("<p id=\"our-side-score\">Our-side score <strong class=\"score\">").append(our.getScore())
                .append("</strong> of 100</p>\n");
        if (!our.getReasons().isEmpty()) {
            main.append("<ol class=\"reasons\">");
            our.getReasons().forEach(s -> main.append("<li>").append(HtmlText.prose(s, null)).append("</li>"));
            main.append("</ol>\n");
        }
        List<String> sentences = sentences(our.getFactors(), our.getReasons());
        main.append("<div class=\"table-scroll\">\n<table id=\"our-factors\">\n<caption>Each of our factors' value (0% healthy, "
                        + "100% worst); the score of ").append(our.getScore()).append(" is their mean</caption>\n<thead><tr>"
                        + "<th scope=\"col\">Factor</th><th scope=\"col\">Value</th><th scope=\"col\">What it means</th>"
                        + "<th scope=\"col\">Evidence</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < our.getFactors().size(); i++) {
            RiskFactor f = our.getFactors().get(i);
            String sentence = sentences.get(i);
            main.append("<tr data-factor=\"").append(escape(f.getName())).append("\"><th scope=\"row\" data-label=\"Factor\">")
                    .append(escape(label(f.getName()))).append("</th><td class=\"value\" data-label=\"Value\">")
                    .append(bar(f.getValue(), 1)).append(' ').append(Humane.percent(f.getValue()))
                    .append("</td><td class=\"sentence\" data-label=\"What it means\">")
                    .append(sentence != null ? HtmlText.prose(sentence, null)
                            : f.getValue() > 0 ? "<span class=\"muted\">see the reasons above</span>"
                            : "<span class=\"muted\">nothing to fix on our side</span>")
                    .append("</td><td class=\"evidence\" data-label=\"Evidence\">");
            evidence(main, f);
            main.append("</td></tr>\n");
        }
        main.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /**
     * The competitors of the partner that court us (model v2): the activity ids, and the reason that names
     * them. A score without our side is one of a model that tracks neither, so an empty list says nothing.
     */
    private static void competitorApproaches(StringBuilder main, PartnerRisk r) {
        List<String> ids = r.getCompetitorApproaches();
        main.append("<section id=\"competitor-approaches\" aria-labelledby=\"approaches-h\">\n")
                .append("<h2 id=\"approaches-h\">Competitors courting us</h2>\n");
        if (ids.isEmpty()) {
            main.append("<p class=\"muted\">").append(r.getOurSide() == null
                    ? "Not tracked by model " + escape(r.getModelVersion()) + "."
                    : "No competitor of this partner has approached us in the last 90 days.").append("</p>\n</section>\n");
            return;
        }
        String reason = r.getReasons().stream().filter(s -> ids.stream().anyMatch(s::contains)).findFirst().orElse(null);
        if (reason != null) {
            main.append("<p class=\"reason\">").append(HtmlText.prose(reason, null)).append("</p>\n");
        }
        main.append("<p>Approaches in the last 90 days (CRM activity ids); they are not part of the score:</p>\n<ul id=\"approaches\">");
        ids.forEach(id -> main.append("<li><code>").append(escape(id)).append("</code></li>"));
        main.append("</ul>\n</section>\n");
    }

    private static void evidence(StringBuilder main, RiskFactor f) {
        if (f.getEvidence().isEmpty()) {
            main.append("<span class=\"muted\">none</span>");
        } else {
            main.append("<ul>");
            f.getEvidence().forEach(e -> main.append("<li>").append(HtmlText.evidence(e)).append("</li>"));
            main.append("</ul>");
        }
    }

    /** A bar as SVG: the CSP allows no inline style, and a width attribute needs none. */
    static String bar(double points, double max) {
        double fraction = max <= 0 ? 0 : Math.max(0, Math.min(1, points / max));
        return "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">"
                + "<rect class=\"bar-track\" width=\"100\" height=\"10\"/><rect class=\"bar-fill\" width=\""
                + String.format(java.util.Locale.ROOT, "%.1f", fraction * 100) + "\" height=\"10\"/></svg>";
    }

    /** "pricingExclusion" as "Pricing exclusion". */
    static String label(String factor) {
        StringBuilder out = new StringBuilder(factor.length() + 4);
        for (int i = 0; i < factor.length(); i++) {
            char c = factor.charAt(i);
            if (i == 0) {
                out.append(Character.toUpperCase(c));
            } else if (Character.isUpperCase(c)) {
                out.append(' ').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void alertLog(StringBuilder main, List<Alert> alerts, String action) {
        main.append("<section aria-labelledby=\"alerts-h\">\n<h2 id=\"alerts-h\">Alerts</h2>\n");
        if (alerts.isEmpty()) {
            main.append("<p class=\"muted\">No alert has been raised.</p>\n");
        }
        main.append("<ol id=\"alerts\" class=\"log\">\n");
        for (Alert a : alerts) {
            String at = a.at().toString();
            boolean deteriorating = ScoreChart.DETERIORATING.equals(a.kind());
            main.append("<li data-alert-at=\"").append(escape(at)).append(deteriorating ? "\" class=\"deteriorating" : "")
                    .append("\"><p><strong>").append(deteriorating ? "Deteriorating: " : "").append(escape(a.fromBand()))
                    .append(" to ").append(escape(a.toBand())).append("</strong> at score ").append(a.score()).append(", ")
                    .append(Humane.time(a.at())).append("</p>");
            if (!a.reasons().isEmpty()) {
                main.append("<p class=\"reason\">").append(HtmlText.prose(a.reasons().get(0), null)).append("</p>");
            }
            if (a.ackBy() != null) {
                main.append("<p class=\"acknowledged\">Acknowledged by <span class=\"author\">").append(escape(a.ackBy()))
                        .append("</span>").append(a.ackAt() == null ? "" : " on " + Humane.time(a.ackAt()))
                        .append(a.ackText() == null || a.ackText().isBlank() ? "" : ": " + escape(a.ackText())).append("</p>");
            } else {
                // a band change and a deterioration can share their millisecond: ids stay unique
                String fid = "ack-" + a.at().toEpochMilli() + (deteriorating ? "-d" : "");
                main.append("<form class=\"ack-form\" method=\"post\" action=\"").append(action).append("\">")
                        .append("<input type=\"hidden\" name=\"kind\" value=\"ACKNOWLEDGED\">")
                        .append("<input type=\"hidden\" name=\"alertAt\" value=\"").append(escape(at)).append("\">")
                        .append("<label for=\"").append(fid).append("-author\">Your name</label> <input id=\"").append(fid)
                        .append("-author\" name=\"author\" required maxlength=\"100\" autocomplete=\"name\"> ")
                        .append("<label for=\"").append(fid).append("-text\">Comment</label> <input id=\"").append(fid)
                        .append("-text\" name=\"text\" maxlength=\"500\"> ")
                        .append("<button type=\"submit\" class=\"acknowledge\">Acknowledge</button></form>");
            }
            main.append("</li>\n");
        }
        main.append("</ol>\n</section>\n");
    }

    private static void ownerAndNotes(StringBuilder main, Data d, String action) {
        String owner = owner(d.notes());
        main.append("<section aria-labelledby=\"owner-h\">\n<h2 id=\"owner-h\">Owner</h2>\n<p>")
                .append(owner == null ? "Nobody owns this partner yet." : "Owned by <strong>" + escape(owner) + "</strong>.")
                .append("</p>\n<form id=\"owner-form\" method=\"post\" action=\"").append(action).append("\">\n")
                .append("<input type=\"hidden\" name=\"kind\" value=\"OWNER_SET\">\n")
                .append("<p><label for=\"owner-text\">New owner</label> <input id=\"owner-text\" name=\"text\" required maxlength=\"100\"></p>\n")
                .append("<p><label for=\"owner-author\">Your name</label> <input id=\"owner-author\" name=\"author\" required maxlength=\"100\" autocomplete=\"name\"></p>\n")
                .append("<p><button type=\"submit\">Set owner</button></p>\n</form>\n</section>\n")
                .append("<section aria-labelledby=\"notes-h\">\n<h2 id=\"notes-h\">Notes</h2>\n")
                .append("<form id=\"note-form\" method=\"post\" action=\"").append(action).append("\">\n")
                .append("<input type=\"hidden\" name=\"kind\" value=\"NOTE\">\n")
                .append("<p><label for=\"note-text\">Note</label><br><textarea id=\"note-text\" name=\"text\" rows=\"3\" required maxlength=\"2000\"></textarea></p>\n")
                .append("<p><label for=\"note-author\">Your name</label> <input id=\"note-author\" name=\"author\" required maxlength=\"100\" autocomplete=\"name\"></p>\n")
                .append("<p><button type=\"submit\">Add note</button></p>\n</form>\n<ol id=\"notes\" class=\"log\" reversed>\n");
        List<PartnerNote> newestFirst = new ArrayList<>(d.notes());
        java.util.Collections.reverse(newestFirst);
        for (PartnerNote n : newestFirst) {
            main.append("<li data-note-id=\"").append(escape(n.getNoteId())).append("\" data-kind=\"").append(n.getKind())
                    .append("\"><p class=\"meta\"><span class=\"author\">").append(escape(n.getAuthor())).append("</span>, ")
                    .append(Humane.time(n.getAt())).append(" \u2013 ").append(kindWords(n)).append("</p>");
            if (n.getText() != null && !n.getText().isBlank()) {
                main.append("<p class=\"text\">").append(HtmlText.prose(n.getText(), null)).append("</p>");
            }
            main.append("</li>\n");
        }
        main.append("</ol>\n");
        if (d.notes().isEmpty()) {
            main.append("<p class=\"muted\">No notes yet.</p>\n");
        }
        main.append("</section>\n");
    }

    private static String kindWords(PartnerNote n) {
        return switch (n.getKind()) {
            case ACKNOWLEDGED -> "acknowledged the alert of " + (n.getAlertAt() == null ? "unknown time" : Humane.dateTime(n.getAlertAt()));
            case OWNER_SET -> "set the owner";
            case NOTE -> "note";
        };
    }

    /** The partner's reference data: its domains as links to its sites, and the kind of partnership in words. */
    private static void facts(StringBuilder main, PartnerRisk r, Partner reference) {
        main.append("<section aria-labelledby=\"facts-h\">\n<h2 id=\"facts-h\">Partner</h2>\n<dl id=\"partner-facts\">\n")
                .append("<div><dt>Id</dt><dd>").append(escape(r.getPartnerId())).append("</dd></div>\n")
                .append("<div><dt>Name</dt><dd>").append(escape(r.getPartnerName() == null ? "unknown" : r.getPartnerName()))
                .append("</dd></div>\n");
        if (reference == null) {
            main.append("<div><dt>Domains</dt><dd id=\"partner-domains\" class=\"muted\">unknown: the partners topic has no "
                    + "record of this partner</dd></div>\n");
        } else {
            main.append("<div><dt>Kind</dt><dd id=\"partner-kind\">").append(kindOf(reference.getKind())).append("</dd></div>\n")
                    .append("<div><dt>Domains</dt><dd id=\"partner-domains\">");
            if (reference.getDomains().isEmpty()) {
                main.append("none known");
            }
            for (int i = 0; i < reference.getDomains().size(); i++) {
                String domain = reference.getDomains().get(i);
                main.append(i == 0 ? "" : ", ").append("<a class=\"domain-link\" rel=\"noopener noreferrer\" href=\"https://")
                        .append(escape(domain)).append("/\">").append(escape(domain)).append("</a>");
            }
            main.append("</dd></div>\n");
        }
        main.append("<div><dt>Model</dt><dd>").append(escape(r.getModelVersion())).append("</dd></div>\n</dl>\n</section>\n");
    }

    static String kindOf(PartnerKind kind) {
        return switch (kind) {
            case RESELLER -> "Reseller";
            case SERVICE -> "Services partner";
            case DEVELOPMENT -> "Development partner";
            case TECHNOLOGY -> "Technology partner";
            case OTHER -> "Other partnership";
        };
    }
}
