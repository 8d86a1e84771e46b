package io.partnersignals.model;

import io.partnersignals.contract.Direction;
import io.partnersignals.model.PartnerState.Contribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What we gave the partner (OUTBOUND CONTRIBUTION) and what it gave us (INBOUND) over a window ending
 * at an instant, in time order: the facts both sides' reciprocity read, so that ours and the
 * partner's are measured alike.
 */
record ContributionBalance(List<Contribution> given, double givenUsd, List<Contribution> received,
                           double receivedUsd, String window) {

    private static final Comparator<Contribution> IN_TIME_ORDER =
            Comparator.comparingLong(Contribution::at).thenComparing(Contribution::activityId);

    /** The contributions in (now − window, now]. */
    static ContributionBalance of(PartnerState state, long now, Duration window) {
        long from = now - window.toMillis();
        List<Contribution> inWindow = new ArrayList<>();
        for (Contribution c : state.getContributions().values()) {
            if (c.at() > from && c.at() <= now) {
                inWindow.add(c);
            }
        }
        inWindow.sort(IN_TIME_ORDER);
        List<Contribution> given = new ArrayList<>();
        List<Contribution> received = new ArrayList<>();
        double g = 0;
        double r = 0;
        for (Contribution c : inWindow) {
            if (c.direction() == Direction.OUTBOUND) {
                given.add(c);
                g += c.valueUsd();
            } else {
                received.add(c);
                r += c.valueUsd();
            }
        }
        return new ContributionBalance(given, g, received, r, Formats.window(window));
    }

    boolean isEmpty() {
        return given.isEmpty() && received.isEmpty();
    }

    /** "Given by us in the last 90 days: $40,000 in 3 contributions (ids)". */
    String givenEvidence() {
        return "Given by us in the last " + window + ": " + amount(givenUsd, given) + ids(given);
    }

    /** "Received from the partner in the last 90 days: …". */
    String receivedEvidence() {
        return "Received from the partner in the last " + window + ": " + amount(receivedUsd, received) + ids(received);
    }

    /** "$40,000 in 3 contributions". */
    static String amount(double usd, List<Contribution> list) {
        return Formats.money(usd) + " in " + Formats.count(list.size(), "contribution", "contributions");
    }

    private static String ids(List<Contribution> list) {
        if (list.isEmpty()) {
            return "";
        }
        List<String> ids = new ArrayList<>(list.size());
        for (Contribution c : list) {
            ids.add(c.activityId());
        }
        return " (" + Formats.capped(ids) + ")";
    }
}
