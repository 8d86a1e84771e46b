package io.partnersignals.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Whether the partner asked us to push a promotion we are excluded from: 1 from the ask for
 * harmfulAskDuration, else 0. The asks themselves are found by the topology's windowed join.
 */
public final class HarmfulAsk implements Factor {

    private final RiskModelConfig config;

    public HarmfulAsk(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return RiskModelConfig.HARMFUL_ASK;
    }

    @Override
    public List<FactWindow<?>> windows() {
        return List.of(FactWindow.counted(PartnerState.Facts.HARMFUL_ASKS, PartnerState.HarmfulAsk.class,
                PartnerState.HarmfulAsk::at, config.harmfulAskDuration().toMillis()));
    }



    @Override
    public FactorResult evaluate(PartnerState state, Instant now) {
        long t = now.toEpochMilli();
        long duration = config.harmfulAskDuration().toMillis();
        List<PartnerState.HarmfulAsk> active = new ArrayList<>();
        for (PartnerState.HarmfulAsk a : state.getHarmfulAsks().values()) {
            if (a.at() <= t && t < a.at() + duration) {
                active.add(a);
            }
        }
        if (active.isEmpty()) {
            return FactorResult.zero(name());
        }
        active.sort(Comparator.comparingLong(PartnerState.HarmfulAsk::at)
                .thenComparing(PartnerState.HarmfulAsk::requestId));
        List<String> evidence = new ArrayList<>();
        for (PartnerState.HarmfulAsk a : active) {
            String subject = Formats.quoted(a.subject());
            evidence.add("Request " + a.requestId() + " of " + Formats.date(a.at()) + " asks us to push "
                    + promotion(a) + ", which excludes us" + (subject == null ? "" : ": " + subject));
        }
        PartnerState.HarmfulAsk latest = active.get(active.size() - 1);
        String subject = Formats.quoted(latest.subject());
        String reason = "On " + Formats.date(latest.at()) + " the partner asked us to push its "
                + promotion(latest) + ", which excludes us, to our own customers (request " + latest.requestId()
                + (subject == null ? "" : ": " + subject) + ")";
        int others = active.size() - 1;
        if (others > 0) {
            reason += others == 1 ? ", after 1 earlier such request" : ", after " + others + " earlier such requests";
        }
        return new FactorResult(name(), 1.0, evidence, reason + ".");
    }

    private static String promotion(PartnerState.HarmfulAsk a) {
        return a.promotionId() == null ? "promotion" : "promotion " + a.promotionId();
    }
}
