package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.activity;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.escalation;
import static io.partnersignals.model.Fixtures.request;
import static io.partnersignals.model.Fixtures.response;
import static io.partnersignals.model.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.Direction;
import org.junit.jupiter.api.Test;

class ResponsivenessTest {

    private final Responsiveness factor = new Responsiveness(CFG);

    private static PartnerState oneRequest() {
        PartnerState s = state();
        s.apply(request("r-1", T0, "Joint roadshow"));
        return s;
    }

    @Test
    void nameIsTheContractName() {
        assertThat(factor.name()).isEqualTo("responsiveness");
    }

    @Test
    void noOpenRequestIsZero() {
        FactorResult r = factor.evaluate(state(), T0);

        assertThat(r.value()).isEqualTo(0.0);
        assertThat(r.evidence()).isEmpty();
        assertThat(r.reason()).isNull();
    }

    @Test
    void zeroUpToTheGraceAge() {
        PartnerState s = oneRequest();

        assertThat(factor.evaluate(s, T0).value()).isEqualTo(0.0);
        FactorResult atGrace = factor.evaluate(s, day(7));
        assertThat(atGrace.value()).isEqualTo(0.0);
        assertThat(atGrace.reason()).isNull();
        assertThat(atGrace.evidence()).containsExactly(
                "r-1: request \"Joint roadshow\" sent 2024-03-01, unanswered for 7 days");
        assertThat(factor.evaluate(s, day(7).plusMillis(1)).value()).isGreaterThan(0.0);
    }

    @Test
    void risesLinearlyToOneAtTheFullAge() {
        PartnerState s = oneRequest();

        assertThat(factor.evaluate(s, day(33.5)).value()).isEqualTo(0.5);
        assertThat(factor.evaluate(s, day(20.25)).value()).isCloseTo(0.25, within(1e-12));
        assertThat(factor.evaluate(s, day(60)).value()).isEqualTo(1.0);
        assertThat(factor.evaluate(s, day(90)).value()).isEqualTo(1.0);
    }

    @Test
    void reasonNamesTheOldestRequestWithItsAgeInWholeDays() {
        PartnerState s = state();
        s.apply(escalation("r-12", T0, "Benchmark rerun"));

        FactorResult r = factor.evaluate(s, day(45.9));

        assertThat(r.reason()).isEqualTo("Our escalation r-12 (\"Benchmark rerun\") has gone 45 days without an answer.");
    }

    @Test
    void reasonWithoutSubjectAndWithOtherOpenRequests() {
        PartnerState s = state();
        s.apply(request("r-1", T0, null));
        s.apply(request("r-2", day(1), "Second"));
        s.apply(escalation("r-3", day(2), null));

        FactorResult r = factor.evaluate(s, day(20));

        assertThat(r.reason()).isEqualTo(
                "Our request r-1 has gone 20 days without an answer, and 2 more of our requests are still open.");
        assertThat(r.evidence()).containsExactly(
                "r-1: request sent 2024-03-01, unanswered for 20 days",
                "r-2: request \"Second\" sent 2024-03-02, unanswered for 19 days",
                "r-3: escalation sent 2024-03-03, unanswered for 18 days");
    }

    @Test
    void answeredRequestsDoNotCount() {
        PartnerState s = state();
        s.apply(request("r-1", T0, "Old"));
        s.apply(request("r-2", day(30), "Newer"));
        s.apply(response("a-1", day(31), "r-1"));

        FactorResult r = factor.evaluate(s, day(40));

        // only r-2, 10 days old: (10 - 7) / 53
        assertThat(r.value()).isCloseTo(3.0 / 53.0, within(1e-12));
        assertThat(r.evidence()).containsExactly("r-2: request \"Newer\" sent 2024-03-31, unanswered for 10 days");
    }

    @Test
    void responseArrivingBeforeItsRequestKeepsItClosed() {
        PartnerState s = state();
        s.apply(response("a-1", day(2), "r-1"));
        s.apply(request("r-1", T0, "Out of order"));

        assertThat(factor.evaluate(s, day(50)).value()).isEqualTo(0.0);
        assertThat(factor.evaluate(s, day(50)).evidence()).isEmpty();
    }

    @Test
    void inboundRequestsAndOutboundResponsesAreIgnored() {
        PartnerState s = state();
        s.apply(activity("x-1", ActivityType.REQUEST, Direction.INBOUND, T0).build());
        s.apply(request("r-1", T0, null));
        s.apply(activity("x-2", ActivityType.RESPONSE, Direction.OUTBOUND, day(1)).setRefActivityId("r-1").build());

        FactorResult r = factor.evaluate(s, day(60));

        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.evidence()).containsExactly("r-1: request sent 2024-03-01, unanswered for 60 days or more");
    }

    @Test
    void requestsAfterNowAreIgnored() {
        PartnerState s = state();
        s.apply(request("r-1", day(10), null));

        assertThat(factor.evaluate(s, day(9)).evidence()).isEmpty();
        assertThat(factor.evaluate(s, day(9)).value()).isEqualTo(0.0);
    }

    @Test
    void tiesOnTimeResolveByActivityId() {
        PartnerState s = state();
        s.apply(request("r-b", T0, "B"));
        s.apply(escalation("r-a", T0, "A"));

        FactorResult r = factor.evaluate(s, day(33.5));

        assertThat(r.value()).isEqualTo(0.5);
        assertThat(r.reason()).isEqualTo(
                "Our escalation r-a (\"A\") has gone 33 days without an answer, and 1 more of our requests is still open.");
        assertThat(r.evidence().get(0)).startsWith("r-a:");
    }

    @Test
    void evidenceListsAtMostTenThenSaysHowManyMore() {
        PartnerState s = state();
        for (int i = 0; i < 12; i++) {
            s.apply(request(String.format("r-%02d", i), day(i), null));
        }

        FactorResult r = factor.evaluate(s, day(30));

        assertThat(r.evidence()).hasSize(11);
        assertThat(r.evidence().get(0)).isEqualTo("r-00: request sent 2024-03-01, unanswered for 30 days");
        assertThat(r.evidence().get(9)).isEqualTo("r-09: request sent 2024-03-10, unanswered for 21 days");
        assertThat(r.evidence().get(10)).isEqualTo("and 2 more open requests");
    }

    @Test
    void pastTheFullAgeTheEvidenceStopsChanging() {
        PartnerState s = new PartnerState("p");
        s.apply(Fixtures.activity("r-1", io.partnersignals.contract.ActivityType.REQUEST,
                io.partnersignals.contract.Direction.OUTBOUND, T0).build());
        FactorResult at59 = factor.evaluate(s, T0.plus(java.time.Duration.ofDays(59)));
        FactorResult at61 = factor.evaluate(s, T0.plus(java.time.Duration.ofDays(61)));
        FactorResult at200 = factor.evaluate(s, T0.plus(java.time.Duration.ofDays(200)));
        assertThat(at59.evidence()).containsExactly("r-1: request sent 2024-03-01, unanswered for 59 days");
        assertThat(at61.evidence()).isEqualTo(at200.evidence());
        assertThat(at61.reason()).isEqualTo(at200.reason()).contains("60 days or more");
    }
}
