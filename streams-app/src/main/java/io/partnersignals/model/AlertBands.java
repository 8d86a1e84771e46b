package io.partnersignals.model;

import io.partnersignals.contract.RiskBand;

/**
 * The band that alerts follow, with hysteresis so that a score wobbling on a boundary does not
 * flap. Moving to a worse band needs score >= that band's lower threshold + margin (jumping as far
 * as the score allows); moving to a better band needs score < the lower threshold of the band just
 * above it - margin (again as far as the score allows). Otherwise the band stays.
 * Pure: the caller keeps the current band (PartnerState.alertBand).
 */
public final class AlertBands {

    private static final RiskBand[] ORDER = {RiskBand.GREEN, RiskBand.AMBER, RiskBand.RED};

    private final int amberThreshold;
    private final int redThreshold;
    private final int margin;

    public AlertBands(RiskModelConfig config) {
        this(config.amberThreshold(), config.redThreshold(), config.alertMargin());
    }

    public AlertBands(int amberThreshold, int redThreshold, int margin) {
        if (!(0 < amberThreshold && amberThreshold < redThreshold && redThreshold <= 100) || margin < 0) {
            throw new IllegalArgumentException("need 0 < amber < red <= 100 and margin >= 0, got amber="
                    + amberThreshold + " red=" + redThreshold + " margin=" + margin);
        }
        this.amberThreshold = amberThreshold;
        this.redThreshold = redThreshold;
        this.margin = margin;
    }

    /** The alert band after a new score; {@code current} null counts as GREEN. */
    public RiskBand next(RiskBand current, int score) {
        int at = index(current == null ? RiskBand.GREEN : current);
        for (int i = ORDER.length - 1; i > at; i--) {
            if (score >= enterAt(i)) {
                return ORDER[i];
            }
        }
        for (int i = 0; i < at; i++) {
            if (score < leaveBelow(i + 1)) {
                return ORDER[i];
            }
        }
        return ORDER[at];
    }

    /** The score from which a band is entered from below: its threshold + margin, but at most 100 so that it stays reachable. */
    int enterAt(int bandIndex) {
        return Math.min(100, lowerThreshold(bandIndex) + margin);
    }

    /** A band is left downwards below this score: its threshold - margin, but at least 1 so that a score of 0 always leaves. */
    int leaveBelow(int bandIndex) {
        return Math.max(1, lowerThreshold(bandIndex) - margin);
    }

    private int lowerThreshold(int bandIndex) {
        return switch (ORDER[bandIndex]) {
            case GREEN -> 0;
            case AMBER -> amberThreshold;
            case RED -> redThreshold;
        };
    }

    private static int index(RiskBand band) {
        return switch (band) {
            case GREEN -> 0;
            case AMBER -> 1;
            case RED -> 2;
        };
    }
}
