package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.activity;
import static io.partnersignals.model.Fixtures.approach;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.Direction;
import org.junit.jupiter.api.Test;

class CompetitorApproachesTest {

    private final CompetitorApproaches approaches = new CompetitorApproaches(CFG);

    @Test
    void noApproachNoSentence() {
        CompetitorApproaches.Found found = approaches.evaluate(state(), day(100));

        assertThat(found.ids()).isEmpty();
        assertThat(found.reason()).isNull();
    }

    @Test
    void theApproachesOfTheLast90DaysInTimeOrderThenById() {
        PartnerState s = state();
        s.apply(approach("ca-9", day(10), "Too old"));      // exactly 90 days before day 100: out
        s.apply(approach("ca-2", day(40), null));
        s.apply(approach("ca-1", day(40), "Exclusive \"preferred\" terms"));
        s.apply(approach("ca-0", day(30), "Lunch?"));
        s.apply(approach("ca-3", day(100.5), "Later"));     // after now: out

        CompetitorApproaches.Found found = approaches.evaluate(s, day(100));

        assertThat(found.ids()).containsExactly("ca-0", "ca-1", "ca-2");
        assertThat(found.reason()).isEqualTo("3 of the partner's competitors approached us in the last 90 days: "
                + "ca-0 (\"Lunch?\"), ca-1 (\"Exclusive \"preferred\" terms\"), ca-2.");
        assertThat(approaches.evaluate(s, day(100).minusMillis(1)).ids()).containsExactly("ca-9", "ca-0", "ca-1", "ca-2");
    }

    @Test
    void outboundApproachesAndDuplicatesAreIgnored() {
        PartnerState s = state();
        assertThat(s.apply(activity("ca-1", ActivityType.COMPETITOR_APPROACH, Direction.OUTBOUND, day(50)).build()))
                .isFalse();
        assertThat(s.apply(approach("ca-2", day(50), "Hi"))).isTrue();
        assertThat(s.apply(approach("ca-2", day(50), "Hi"))).isFalse();

        CompetitorApproaches.Found found = approaches.evaluate(s, day(60));

        assertThat(found.ids()).containsExactly("ca-2");
        assertThat(found.reason())
                .isEqualTo("1 of the partner's competitors approached us in the last 90 days: ca-2 (\"Hi\").");
    }

    @Test
    void theWindowDrivesReScoringAndPruning() {
        PartnerState s = state();
        s.apply(approach("ca-1", T0, null));
        RiskModel model = new RiskModel(CFG.with(java.util.Map.of("model.competitor-approach.window", "30d")));
        long t0 = T0.toEpochMilli();
        long day = 86_400_000L;

        assertThat(model.nextChangeAfter(s, t0, day)).isEqualTo(t0 + 30 * day);
        assertThat(model.assess(s, day(30).minusMillis(1)).competitorApproaches()).containsExactly("ca-1");
        assertThat(model.assess(s, day(30)).competitorApproaches()).isEmpty();
        assertThat(model.assess(s, day(30)).reasons()).noneMatch(r -> r.contains("approached"));
        assertThat(model.nextPruneAfter(s, t0)).isEqualTo(t0 + 30 * day + CFG.lateness().toMillis() + 1);
    }

    @Test
    void approachesAreNeverScored() {
        RiskModel model = new RiskModel(CFG);
        PartnerState s = state();
        s.apply(approach("ca-1", day(5), null));

        Assessment a = model.assess(s, day(10));

        assertThat(a.score()).isEqualTo(model.assess(state(), day(10)).score());
        assertThat(a.reasons()).last().isEqualTo("1 of the partner's competitors approached us in the last 90 days: ca-1.");
    }
}
