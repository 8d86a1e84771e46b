package io.partnersignals.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyMatcherTest {

    @Test
    void matchesTheLatestEventOfThePartnerOnce() {
        LatencyMatcher m = new LatencyMatcher();
        m.sent("a", 100);
        m.sent("b", 150);
        assertThat(m.scored("a", 400)).isEqualTo(300);
        assertThat(m.scored("a", 500)).isEqualTo(-1); // used up: a re-score gives no sample
        assertThat(m.scored("b", 450)).isEqualTo(300);
        assertThat(m.unmatched()).isEqualTo(1);
        assertThat(m.pending()).isZero();
    }

    @Test
    void aLaterEventSupersedesAnUnmatchedOne() {
        LatencyMatcher m = new LatencyMatcher();
        m.sent("a", 100);
        m.sent("a", 200);
        assertThat(m.scored("a", 250)).isEqualTo(50);
        assertThat(m.superseded()).isEqualTo(1);
    }

    @Test
    void aScoreBeforeTheSendDoesNotMatch() {
        LatencyMatcher m = new LatencyMatcher();
        m.sent("a", 500);
        assertThat(m.scored("a", 400)).isEqualTo(-1);
        assertThat(m.scored("a", 600)).isEqualTo(100);
    }
}
