package io.partnersignals.model;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.model.PartnerState.OpenRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How long our oldest open REQUEST or ESCALATION has waited for an answer: 0 up to the grace age,
 * rising linearly to 1 at the full age, 1 after.
 */
public final class Responsiveness implements Factor {

    static final Comparator<OpenRequest> OLDEST_FIRST =
            Comparator.comparingLong(OpenRequest::at).thenComparing(OpenRequest::activityId);

    private final RiskModelConfig config;
    /** The configured grace and full age, read once: the config does not change. */
    private final AgeRamp ramp;

    public Responsiveness(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.ramp = new AgeRamp(config.responsivenessGrace(), config.responsivenessFull());
    }

    @Override
    public String name() {
        return RiskModelConfig.RESPONSIVENESS;
    }

    /**
     * An open request counts until it is answered (the per-partner limit bounds how many are kept); its
     * value starts rising at the grace age and rises at every step until the full age. An answer is kept
     * for the full age, so that a late or repeated copy of its request stays closed.
     */
    @Override
    public List<FactWindow<?>> windows() {
        return List.of(
                new FactWindow<>(PartnerState.Facts.OPEN_REQUESTS, OpenRequest.class,
                        (r, now, step) -> ramp.nextAfter(r.at(), now, step),
                        r -> Long.MAX_VALUE, null),
                FactWindow.keptFor(PartnerState.Facts.ANSWERED, Long.class, at -> at, ramp.full()));
    }


    /** The factor for an open request of this age in milliseconds. */
    public double valueForAge(long ageMillis) {
        return ramp.valueForAge(ageMillis);
    }

    @Override
    public FactorResult evaluate(PartnerState state, Instant now) {
        long t = now.toEpochMilli();
        List<OpenRequest> open = new ArrayList<>();
        for (OpenRequest r : state.getOpenRequests().values()) {
            if (r.at() <= t) {
                open.add(r);
            }
        }
        if (open.isEmpty()) {
            return FactorResult.zero(name());
        }
        open.sort(OLDEST_FIRST);
        OpenRequest oldest = open.get(0);
        double value = ramp.valueForAge(t - oldest.at());

        List<String> evidence = new ArrayList<>();
        for (int i = 0; i < Math.min(open.size(), Formats.MAX_LISTED); i++) {
            evidence.add(describe(open.get(i), t, ramp));
        }
        if (open.size() > Formats.MAX_LISTED) {
            evidence.add("and " + (open.size() - Formats.MAX_LISTED) + " more open requests");
        }
        return new FactorResult(name(), value, evidence, value > 0 ? reason(oldest, open.size() - 1, t, ramp) : null);
    }

    private static String kind(ActivityType type) {
        return type == ActivityType.ESCALATION ? "escalation" : "request";
    }

    private static String describe(OpenRequest r, long now, AgeRamp ramp) {
        String subject = Formats.quoted(r.subject());
        return r.activityId() + ": " + kind(r.type()) + (subject == null ? "" : " " + subject)
                + " sent " + Formats.date(r.at()) + ", unanswered for " + ramp.age(r.at(), now);
    }

    private static String reason(OpenRequest oldest, int others, long now, AgeRamp ramp) {
        String subject = Formats.quoted(oldest.subject());
        String sentence = "Our " + kind(oldest.type()) + " " + oldest.activityId()
                + (subject == null ? "" : " (" + subject + ")") + " has gone "
                + ramp.age(oldest.at(), now) + " without an answer";
        if (others > 0) {
            sentence += others == 1
                    ? ", and 1 more of our requests is still open"
                    : ", and " + others + " more of our requests are still open";
        }
        return sentence + ".";
    }
}
