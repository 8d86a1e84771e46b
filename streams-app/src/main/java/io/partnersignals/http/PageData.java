package io.partnersignals.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The partner page's history and alerts, read from this instance's stores or from the owner's JSON
 * ({@code GET /api/partners/{id}/history} and {@code /alerts}): both into the same page records.
 */
final class PageData {

    private PageData() {
    }

    static List<ScoreChart.Point> points(List<RiskSnapshot> history) {
        return history.stream().map(s -> new ScoreChart.Point(s.getComputedAt(), s.getScore(), s.getBand())).toList();
    }

    /** {@code [{"day":..,"computedAt":..,"score":..,"band":..},...]}; a point without its time is left out. */
    static List<ScoreChart.Point> points(JsonNode points) {
        List<ScoreChart.Point> out = new ArrayList<>();
        for (JsonNode p : points) {
            Instant at = instant(p.get("computedAt"));
            if (at != null) {
                out.add(new ScoreChart.Point(at, p.path("score").asInt(), p.path("band").asText("")));
            }
        }
        return out;
    }

    static List<PartnerPage.Alert> alerts(List<RiskAlert> alerts) {
        return alerts.stream().map(a -> new PartnerPage.Alert(a.getAt(), a.getFromBand().name(), a.getToBand().name(),
                a.getScore(), List.copyOf(a.getReasons()), null, null, null, a.getKind().name())).toList();
    }

    /**
     * {@code [{"at":..,"fromBand":..,"toBand":..,"score":..,"reasons":[..],"kind":..,"acknowledged":{"by","at","text"}|null},...]};
     * an alert without a kind (from an instance that does not write it yet) is a band change.
     */
    static List<PartnerPage.Alert> alerts(JsonNode alerts) {
        List<PartnerPage.Alert> out = new ArrayList<>();
        for (JsonNode a : alerts) {
            Instant at = instant(a.get("at"));
            if (at == null) {
                continue;
            }
            List<String> reasons = new ArrayList<>();
            a.path("reasons").forEach(r -> reasons.add(r.asText()));
            JsonNode ack = a.path("acknowledged");
            boolean acked = ack.isObject();
            out.add(new PartnerPage.Alert(at, a.path("fromBand").asText(""), a.path("toBand").asText(""),
                    a.path("score").asInt(), reasons, acked ? ack.path("by").asText("someone") : null,
                    acked ? instant(ack.get("at")) : null, acked && ack.hasNonNull("text") ? ack.get("text").asText() : null,
                    a.path("kind").asText(ScoreChart.BAND_CHANGE)));
        }
        return out;
    }

    /** ISO text or epoch milliseconds. */
    static Instant instant(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return Instant.ofEpochMilli(v.asLong());
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
