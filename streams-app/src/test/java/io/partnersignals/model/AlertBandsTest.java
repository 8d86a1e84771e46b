package io.partnersignals.model;

import static io.partnersignals.contract.RiskBand.AMBER;
import static io.partnersignals.contract.RiskBand.GREEN;
import static io.partnersignals.contract.RiskBand.RED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.RiskBand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertBandsTest {

    /** Defaults: amber 35, red 60, margin 3. */
    private final AlertBands bands = new AlertBands(Fixtures.CFG);

    private List<RiskBand> follow(RiskBand start, int... scores) {
        List<RiskBand> seen = new ArrayList<>();
        RiskBand band = start;
        for (int score : scores) {
            band = bands.next(band, score);
            seen.add(band);
        }
        return seen;
    }

    @Test
    void risingNeedsTheMarginAboveTheThreshold() {
        assertThat(bands.next(GREEN, 35)).isEqualTo(GREEN);
        assertThat(bands.next(GREEN, 37)).isEqualTo(GREEN);
        assertThat(bands.next(GREEN, 38)).isEqualTo(AMBER);
        assertThat(bands.next(AMBER, 60)).isEqualTo(AMBER);
        assertThat(bands.next(AMBER, 62)).isEqualTo(AMBER);
        assertThat(bands.next(AMBER, 63)).isEqualTo(RED);
    }

    @Test
    void risingJumpsAsFarAsTheMarginAllows() {
        assertThat(bands.next(GREEN, 61)).isEqualTo(AMBER);
        assertThat(bands.next(GREEN, 62)).isEqualTo(AMBER);
        assertThat(bands.next(GREEN, 63)).isEqualTo(RED);
        assertThat(bands.next(GREEN, 64)).isEqualTo(RED);
        assertThat(bands.next(GREEN, 100)).isEqualTo(RED);
    }

    @Test
    void fallingNeedsTheMarginBelowTheThreshold() {
        assertThat(bands.next(RED, 59)).isEqualTo(RED);
        assertThat(bands.next(RED, 57)).isEqualTo(RED);
        assertThat(bands.next(RED, 56)).isEqualTo(AMBER);
        assertThat(bands.next(AMBER, 34)).isEqualTo(AMBER);
        assertThat(bands.next(AMBER, 32)).isEqualTo(AMBER);
        assertThat(bands.next(AMBER, 31)).isEqualTo(GREEN);
    }

    @Test
    void fallingJumpsAsFarAsTheMarginAllows() {
        assertThat(bands.next(RED, 32)).isEqualTo(AMBER);
        assertThat(bands.next(RED, 31)).isEqualTo(GREEN);
        assertThat(bands.next(RED, 0)).isEqualTo(GREEN);
    }

    @Test
    void scoresInsideTheBandOrTheMarginKeepTheBand() {
        assertThat(bands.next(GREEN, 0)).isEqualTo(GREEN);
        assertThat(bands.next(AMBER, 45)).isEqualTo(AMBER);
        assertThat(bands.next(RED, 90)).isEqualTo(RED);
        // a band is kept even below its own threshold while within the margin
        assertThat(bands.next(AMBER, 33)).isEqualTo(AMBER);
        assertThat(bands.next(RED, 58)).isEqualTo(RED);
    }

    @Test
    void wobblingOnABoundaryDoesNotFlap() {
        assertThat(follow(GREEN, 34, 36, 35, 33, 37, 34, 36, 35))
                .containsOnly(GREEN);
        assertThat(follow(AMBER, 59, 61, 58, 60, 57, 62, 59))
                .containsOnly(AMBER);
        // once up, wobbling around the threshold keeps the new band
        assertThat(follow(GREEN, 36, 38, 36, 34, 33, 35, 37, 32))
                .containsExactly(GREEN, AMBER, AMBER, AMBER, AMBER, AMBER, AMBER, AMBER);
        assertThat(follow(RED, 61, 58, 60, 57, 62, 59))
                .containsOnly(RED);
    }

    @Test
    void aFullSwingChangesBandsEachWay() {
        assertThat(follow(GREEN, 38, 63, 56, 31, 70))
                .containsExactly(AMBER, RED, AMBER, GREEN, RED);
    }

    @Test
    void nullCountsAsGreen() {
        assertThat(bands.next(null, 37)).isEqualTo(GREEN);
        assertThat(bands.next(null, 38)).isEqualTo(AMBER);
    }

    @Test
    void withoutMarginTheAlertBandIsThePlainBand() {
        AlertBands plain = new AlertBands(35, 60, 0);
        RiskModel model = new RiskModel(Fixtures.CFG);
        for (RiskBand from : RiskBand.values()) {
            for (int score = 0; score <= 100; score++) {
                assertThat(plain.next(from, score)).as("from %s at %d", from, score).isEqualTo(model.bandOf(score));
            }
        }
    }

    @Test
    void marginComesFromTheArguments() {
        AlertBands wide = new AlertBands(35, 60, 10);

        assertThat(wide.next(GREEN, 44)).isEqualTo(GREEN);
        assertThat(wide.next(GREEN, 45)).isEqualTo(AMBER);
        assertThat(wide.next(GREEN, 70)).isEqualTo(RED);
        assertThat(wide.next(RED, 50)).isEqualTo(RED);
        assertThat(wide.next(RED, 49)).isEqualTo(AMBER);
        assertThat(wide.next(RED, 24)).isEqualTo(GREEN);
    }

    @Test
    void bandsNearTheEndsOfTheScaleStayReachable() {
        AlertBands edge = new AlertBands(2, 99, 3);

        assertThat(edge.next(AMBER, 100)).isEqualTo(RED);
        assertThat(edge.next(AMBER, 99)).isEqualTo(AMBER);
        assertThat(edge.next(AMBER, 1)).isEqualTo(AMBER);
        assertThat(edge.next(AMBER, 0)).isEqualTo(GREEN);
    }

    @Test
    void rejectsInconsistentThresholds() {
        assertThatThrownBy(() -> new AlertBands(60, 35, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertBands(35, 60, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
