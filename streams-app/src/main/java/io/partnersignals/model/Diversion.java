package io.partnersignals.model;

import io.partnersignals.model.PartnerState.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Of the partner's live pages that mention us, the share that also link to a known competitor. */
public final class Diversion implements Factor {

    private final RiskModelConfig config;

    public Diversion(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return RiskModelConfig.DIVERSION;
    }

    @Override
    public List<FactWindow<?>> windows() {
        return List.of(Attribution.pageWindow(config));
    }



    @Override
    public FactorResult evaluate(PartnerState state, Instant now) {
        int mentioning = 0;
        int diverting = 0;
        String firstDiverting = null;
        List<String> evidence = new ArrayList<>();
        Set<String> competitors = new LinkedHashSet<>(); // first seen, in URL order
        for (Page p : Attribution.livePages(state, now, config)) {
            if (!p.mentionsUs()) {
                continue;
            }
            mentioning++;
            if (!p.competitorLinks().isEmpty()) {
                diverting++;
                firstDiverting = firstDiverting == null ? p.url() : firstDiverting;
                competitors.addAll(p.competitorLinks());
                evidence.add(p.url() + " (" + p.pageKind() + ", crawled " + Formats.date(p.fetchedAt())
                        + ") mentions us and links to competitors: " + String.join(", ", p.competitorLinks()));
            }
        }
        if (mentioning == 0) {
            return FactorResult.zero(name());
        }
        double value = (double) diverting / mentioning;
        String reason = null;
        if (diverting > 0 && mentioning == 1) {
            reason = "The partner's page " + firstDiverting + " mentions us and also sends visitors to our competitors: "
                    + Formats.join(new ArrayList<>(competitors)) + ".";
        } else if (diverting > 0) {
            reason = diverting + " of the " + mentioning
                    + " pages of the partner's web site that mention us " + (diverting == 1 ? "also sends" : "also send")
                    + " visitors to our competitors: "
                    + Formats.join(new ArrayList<>(competitors)) + ".";
        }
        return new FactorResult(name(), value, evidence, reason);
    }
}
