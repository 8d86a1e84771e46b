package io.partnersignals.model;

import io.partnersignals.model.PartnerState.CompetitorApproach;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The partner's competitors courting us: the INBOUND COMPETITOR_APPROACH activities of the last window
 * (competitorApproachWindow). Not scored; reported with a sentence when there is at least one.
 */
public final class CompetitorApproaches {

    private static final Comparator<CompetitorApproach> IN_TIME_ORDER =
            Comparator.comparingLong(CompetitorApproach::at).thenComparing(CompetitorApproach::activityId);

    /** The approaches in (now − window, now], in time order then by id, and the sentence (null when none). */
    public record Found(List<String> ids, String reason) {

        public Found {
            ids = List.copyOf(ids);
        }
    }

    private final RiskModelConfig config;

    public CompetitorApproaches(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** As a factor's {@link Factor#windows()}: pruning and time-driven re-scoring follow it. */
    public List<FactWindow<?>> windows() {
        return List.of(FactWindow.counted(PartnerState.Facts.COMPETITOR_APPROACHES, CompetitorApproach.class,
                CompetitorApproach::at, config.competitorApproachWindow().toMillis()));
    }

    public Found evaluate(PartnerState state, Instant now) {
        long t = now.toEpochMilli();
        long from = t - config.competitorApproachWindow().toMillis();
        List<CompetitorApproach> recent = new ArrayList<>();
        for (CompetitorApproach c : state.getCompetitorApproaches().values()) {
            if (c.at() > from && c.at() <= t) {
                recent.add(c);
            }
        }
        if (recent.isEmpty()) {
            return new Found(List.of(), null);
        }
        recent.sort(IN_TIME_ORDER);
        List<String> ids = new ArrayList<>(recent.size());
        List<String> named = new ArrayList<>(recent.size());
        for (CompetitorApproach c : recent) {
            ids.add(c.activityId());
            String subject = Formats.quoted(c.subject());
            named.add(c.activityId() + (subject == null ? "" : " (" + subject + ")"));
        }
        String reason = recent.size() + " of the partner's competitors approached us in the last "
                + Formats.window(config.competitorApproachWindow()) + ": " + Formats.capped(named) + ".";
        return new Found(ids, reason);
    }
}
