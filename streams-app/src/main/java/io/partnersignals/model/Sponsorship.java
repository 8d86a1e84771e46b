package io.partnersignals.model;

import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.model.PartnerState.SponsorChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How senior the partner's sponsor of the partnership is now: EXECUTIVE 0, SENIOR_MANAGER 0.25,
 * MANAGER 0.6, STAFF 0.8, NONE or unknown 1.0; a downgrade within the downgrade window adds the
 * downgrade penalty (capped at 1).
 */
public final class Sponsorship implements Factor {

    private final RiskModelConfig config;

    public Sponsorship(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return RiskModelConfig.SPONSORSHIP;
    }

    /** Changes count as downgrades for the downgrade window; the latest before it still sets the current level. */
    @Override
    public List<FactWindow<?>> windows() {
        return List.of(FactWindow.countedFromBaseline(PartnerState.Facts.SPONSOR_CHANGES, SponsorChange.class,
                SponsorChange::at, config.sponsorDowngradeWindow().toMillis(), PartnerState.SponsorOrder.INSTANCE));
    }

    /** The factor value of a sponsor level before any downgrade penalty. */
    public static double levelValue(SponsorLevel level) {
        if (level == null) {
            return 1.0;
        }
        return switch (level) {
            case EXECUTIVE -> 0.0;
            case SENIOR_MANAGER -> 0.25;
            case MANAGER -> 0.6;
            case STAFF -> 0.8;
            case NONE -> 1.0;
        };
    }

    /** Seniority rank: 0 for EXECUTIVE up to 4 for NONE; a higher rank is worse. */
    static int rank(SponsorLevel level) {
        return switch (level) {
            case EXECUTIVE -> 0;
            case SENIOR_MANAGER -> 1;
            case MANAGER -> 2;
            case STAFF -> 3;
            case NONE -> 4;
        };
    }

    private record Downgrade(SponsorChange from, SponsorChange to) {}



    @Override
    public FactorResult evaluate(PartnerState state, Instant now) {
        long t = now.toEpochMilli();
        List<SponsorChange> history = new ArrayList<>();
        for (SponsorChange c : state.sponsorHistory()) {
            if (c.at() <= t) {
                history.add(c);
            }
        }
        if (history.isEmpty()) {
            return new FactorResult(name(), 1.0,
                    List.of("No sponsor change is known: the partner's sponsor of the partnership is unknown"),
                    "We know of no sponsor of the partnership on the partner's side.");
        }
        SponsorChange current = history.get(history.size() - 1);
        long windowStart = t - config.sponsorDowngradeWindow().toMillis();
        List<Downgrade> downgrades = new ArrayList<>();
        for (int i = 1; i < history.size(); i++) {
            SponsorChange prev = history.get(i - 1);
            SponsorChange c = history.get(i);
            if (c.at() > windowStart && rank(c.level()) > rank(prev.level())) {
                downgrades.add(new Downgrade(prev, c));
            }
        }
        double value = levelValue(current.level());
        if (!downgrades.isEmpty()) {
            value = Math.min(1.0, value + config.sponsorDowngradePenalty());
        }
        value = Math.max(0.0, value);

        List<String> evidence = new ArrayList<>();
        evidence.add("Current sponsor level: " + current.level() + " since " + Formats.date(current.at())
                + " (activity " + current.activityId() + ")");
        for (Downgrade d : downgrades) {
            evidence.add("Downgrade from " + d.from().level() + " to " + d.to().level() + " on "
                    + Formats.date(d.to().at()) + " (activity " + d.to().activityId() + ")");
        }
        return new FactorResult(name(), value, evidence, value > 0 ? reason(current, downgrades) : null);
    }

    private static String reason(SponsorChange current, List<Downgrade> downgrades) {
        if (downgrades.isEmpty()) {
            if (current.level() == SponsorLevel.NONE) {
                return "The partnership has had no sponsor on the partner's side since " + Formats.date(current.at()) + ".";
            }
            return "The partnership is sponsored only at " + current.level() + " level on the partner's side, since "
                    + Formats.date(current.at()) + ".";
        }
        // name the whole slide in the window, from the level the partnership had before it
        Downgrade first = downgrades.get(0);
        Downgrade last = downgrades.get(downgrades.size() - 1);
        SponsorLevel from = first.from().level();
        SponsorLevel to = last.to().level();
        String date = Formats.date(first.to().at());
        String sentence;
        if (from == SponsorLevel.EXECUTIVE) {
            sentence = first.to().level() == SponsorLevel.NONE
                    ? "The executive sponsor left on " + date + " and no one took over the partnership"
                    : "The executive sponsor left: the partnership was passed down to " + first.to().level()
                            + " level on " + date;
        } else {
            sentence = first.to().level() == SponsorLevel.NONE
                    ? "The partner's " + from + " sponsor left on " + date + " and no one took over the partnership"
                    : "The partnership was passed down from " + from + " to " + first.to().level() + " level on " + date;
        }
        if (last != first) {
            sentence += to == SponsorLevel.NONE
                    ? ", and has had no sponsor since " + Formats.date(last.to().at())
                    : ", and further down to " + to + " level on " + Formats.date(last.to().at());
        }
        if (!current.equals(last.to())) {
            sentence += current.level() == SponsorLevel.NONE
                    ? "; it has had no sponsor since " + Formats.date(current.at())
                    : "; it is at " + current.level() + " level since " + Formats.date(current.at());
        }
        return sentence + ".";
    }
}
