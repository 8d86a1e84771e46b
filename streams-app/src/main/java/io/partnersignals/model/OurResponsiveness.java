package io.partnersignals.model;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.model.PartnerState.PartnerRequest;
import io.partnersignals.model.PartnerState.Promotion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Our side: how long the partner's oldest REQUEST or ESCALATION has waited for our answer (an OUTBOUND
 * RESPONSE naming it), on the same ramp as {@link Responsiveness}. A request about a promotion we are
 * excluded from (or one recorded as a harmful ask) never counts against us.
 */
public final class OurResponsiveness implements Factor {

    private static final Comparator<PartnerRequest> OLDEST_FIRST =
            Comparator.comparingLong(PartnerRequest::at).thenComparing(PartnerRequest::activityId);

    private final RiskModelConfig config;
    /** The configured grace and full age, read once: the config does not change. */
    private final AgeRamp ramp;

    public OurResponsiveness(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.ramp = new AgeRamp(config.ourResponsivenessGrace(), config.ourResponsivenessFull());
    }

    @Override
    public String name() {
        return RiskModelConfig.OUR_RESPONSIVENESS;
    }

    /**
     * As {@link Responsiveness#windows()} for the partner's requests and our answers. A promotion that
     * excludes us is kept with no time limit (the promotions limit bounds it), so that a request about it
     * keeps not counting however long it stays open.
     */
    @Override
    public List<FactWindow<?>> windows() {
        return List.of(
                new FactWindow<>(PartnerState.Facts.PARTNER_REQUESTS, PartnerRequest.class,
                        (r, now, step) -> ramp.nextAfter(r.at(), now, step),
                        r -> Long.MAX_VALUE, null),
                FactWindow.keptFor(PartnerState.Facts.OUR_ANSWERS, Long.class, at -> at, ramp.full()),
                new FactWindow<>(PartnerState.Facts.PROMOTIONS, Promotion.class,
                        (p, now, step) -> Long.MAX_VALUE,
                        p -> Boolean.FALSE.equals(p.eligibleForUs()) ? Long.MAX_VALUE : Long.MIN_VALUE, null));
    }


    @Override
    public FactorResult evaluate(PartnerState state, Instant now) {
        long t = now.toEpochMilli();
        List<PartnerRequest> open = new ArrayList<>();
        for (PartnerRequest r : state.getPartnerRequests().values()) {
            if (r.at() <= t && !excludesUs(state, r)) {
                open.add(r);
            }
        }
        if (open.isEmpty()) {
            return FactorResult.zero(name());
        }
        open.sort(OLDEST_FIRST);
        PartnerRequest oldest = open.get(0);
        double value = ramp.valueForAge(t - oldest.at());

        List<String> evidence = new ArrayList<>();
        for (int i = 0; i < Math.min(open.size(), Formats.MAX_LISTED); i++) {
            evidence.add(describe(open.get(i), t, ramp));
        }
        if (open.size() > Formats.MAX_LISTED) {
            evidence.add("and " + (open.size() - Formats.MAX_LISTED) + " more of the partner's requests open");
        }
        return new FactorResult(name(), value, evidence, value > 0 ? reason(oldest, open.size() - 1, t, ramp) : null);
    }

    /** A request to push a promotion we are excluded from: answering it is no duty of ours. */
    static boolean excludesUs(PartnerState state, PartnerRequest r) {
        if (state.getHarmfulAsks().containsKey(r.activityId())) {
            return true;
        }
        if (r.promotionId() == null) {
            return false;
        }
        Promotion p = state.getPromotions().get(r.promotionId());
        return p != null && Boolean.FALSE.equals(p.eligibleForUs());
    }

    private static String kind(ActivityType type) {
        return type == ActivityType.ESCALATION ? "escalation" : "request";
    }

    private static String describe(PartnerRequest r, long now, AgeRamp ramp) {
        String subject = Formats.quoted(r.subject());
        return r.activityId() + ": the partner's " + kind(r.type()) + (subject == null ? "" : " " + subject)
                + " of " + Formats.date(r.at()) + ", unanswered by us for " + ramp.age(r.at(), now);
    }

    private static String reason(PartnerRequest oldest, int others, long now, AgeRamp ramp) {
        String subject = Formats.quoted(oldest.subject());
        String sentence = "The partner's " + kind(oldest.type()) + " " + oldest.activityId()
                + (subject == null ? "" : " (" + subject + ")") + " has waited " + ramp.age(oldest.at(), now)
                + " for our answer";
        if (others > 0) {
            sentence += others == 1
                    ? ", and 1 more of its requests is still open"
                    : ", and " + others + " more of its requests are still open";
        }
        return sentence + ".";
    }
}
