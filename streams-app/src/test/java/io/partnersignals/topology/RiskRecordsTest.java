package io.partnersignals.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.partnersignals.contract.OurSide;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.model.AssessedFactor;
import io.partnersignals.model.Assessment;
import io.partnersignals.model.OurSideAssessment;
import io.partnersignals.model.RiskModelConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint decides whether a score is published: every change a reader could see must change
 * it.
 */
class RiskRecordsTest {

    private static final String EVIDENCE = "a000361988: request \"Request for a joint quote\" sent 2026-03-25, unanswered for 6 days";

    private static Assessment assessment(int score, double value, List<String> evidence, List<String> reasons) {
        return new Assessment(score, RiskBand.AMBER, List.of(
                new AssessedFactor("responsiveness", value, 0.2, 20 * value, evidence),
                new AssessedFactor("reciprocity", 0.5, 0.15, 7.5, List.of("given $12,000.00", "received $0.00"))),
                reasons, NO_OUR_SIDE, List.of());
    }

    private static final OurSideAssessment NO_OUR_SIDE = new OurSideAssessment(0, List.of(), List.of());

    private static long fingerprint(int score, double value, List<String> evidence, List<String> reasons) {
        Assessment a = assessment(score, value, evidence, reasons);
        return a.fingerprint();
    }

    @Test
    void theSameAssessmentGivesTheSameFingerprint() {
        assertEquals(fingerprint(40, 0.25, List.of(EVIDENCE), List.of("r1", "r2")),
                fingerprint(40, 0.25, List.of(new String(EVIDENCE.toCharArray())), List.of("r1", "r2")));
    }

    @Test
    void everyOneCharacterChangeOfTheEvidenceChangesIt() {
        Set<Long> seen = new HashSet<>();
        seen.add(fingerprint(40, 0.25, List.of(EVIDENCE), List.of()));
        for (int i = 0; i < EVIDENCE.length(); i++) {
            for (char c : new char[] {'0', '7', 'x', ' ', 'é'}) {
                if (EVIDENCE.charAt(i) == c) {
                    continue;
                }
                String changed = EVIDENCE.substring(0, i) + c + EVIDENCE.substring(i + 1);
                assertEquals(true, seen.add(fingerprint(40, 0.25, List.of(changed), List.of())),
                        "position " + i + " to '" + c + "'");
            }
        }
    }

    @Test
    void scoresValuesListsAndBoundariesCount() {
        long base = fingerprint(40, 0.25, List.of("ab", "c"), List.of("r1", "r2"));
        List<Long> others = new ArrayList<>(List.of(
                fingerprint(41, 0.25, List.of("ab", "c"), List.of("r1", "r2")),
                fingerprint(40, 0.250001, List.of("ab", "c"), List.of("r1", "r2")),
                fingerprint(40, 0.25, List.of("a", "bc"), List.of("r1", "r2")),
                fingerprint(40, 0.25, List.of("abc"), List.of("r1", "r2")),
                fingerprint(40, 0.25, List.of("ab", "c", ""), List.of("r1", "r2")),
                fingerprint(40, 0.25, List.of("ab", "c"), List.of("r2", "r1")),
                fingerprint(40, 0.25, List.of("ab", "c"), List.of("r1")),
                fingerprint(40, 0.25, List.of("ab"), List.of("c", "r1", "r2"))));
        for (long other : others) {
            assertNotEquals(base, other);
        }
        assertEquals(others.size(), new HashSet<>(others).size(), "all different from each other too");
    }

    private static OurSideAssessment ourSide(int score, double value, String evidence, List<String> reasons) {
        return new OurSideAssessment(score, List.of(
                new AssessedFactor(RiskModelConfig.OUR_RESPONSIVENESS, value, 0.5, 50 * value, List.of(evidence)),
                new AssessedFactor(RiskModelConfig.OUR_RECIPROCITY, 0.0, 0.5, 0.0, List.of())), reasons);
    }

    private static long fingerprint(OurSideAssessment side, List<String> approaches) {
        return new Assessment(40, RiskBand.AMBER, List.of(), List.of("r1"), side, approaches).fingerprint();
    }

    @Test
    void ourSideAndTheCompetitorApproachesCountToo() {
        long base = fingerprint(ourSide(13, 0.25, "pr-7", List.of("o1")), List.of("ca-1"));
        List<Long> others = new ArrayList<>(List.of(
                fingerprint(ourSide(14, 0.25, "pr-7", List.of("o1")), List.of("ca-1")),
                fingerprint(ourSide(13, 0.250001, "pr-7", List.of("o1")), List.of("ca-1")),
                fingerprint(ourSide(13, 0.25, "pr-8", List.of("o1")), List.of("ca-1")),
                fingerprint(ourSide(13, 0.25, "pr-7", List.of("o2")), List.of("ca-1")),
                fingerprint(ourSide(13, 0.25, "pr-7", List.of()), List.of("ca-1")),
                fingerprint(ourSide(13, 0.25, "pr-7", List.of("o1")), List.of()),
                fingerprint(ourSide(13, 0.25, "pr-7", List.of("o1")), List.of("ca-1", "ca-2")),
                fingerprint(ourSide(13, 0.25, "pr-7", List.of("o1")), List.of("ca-2"))));
        for (long other : others) {
            assertNotEquals(base, other);
        }
        assertEquals(others.size(), new HashSet<>(others).size(), "all different from each other too");
        assertEquals(base, fingerprint(ourSide(13, 0.25, "pr-7", List.of("o1")), List.of("ca-1")));
    }

    @Test
    void theRecordsCarryOurSideTheApproachesAndTheDealFlowColumn() {
        List<AssessedFactor> factors = new ArrayList<>();
        for (String name : RiskModelConfig.FACTOR_NAMES) {
            double v = name.equals(RiskModelConfig.DEAL_FLOW) ? 0.4 : 0.0;
            factors.add(new AssessedFactor(name, v, 0.1, 100 * 0.1 * v, List.of()));
        }
        Assessment a = new Assessment(4, RiskBand.GREEN, factors, List.of("fell", "approached"),
                ourSide(13, 0.25, "pr-7", List.of("o1")), List.of("ca-1", "ca-2"));
        Instant at = Instant.parse("2026-06-01T00:00:00Z");

        PartnerRisk risk = RiskRecords.risk("p-1", "Acme", at, a, 3, "v2");

        assertEquals(List.of("ca-1", "ca-2"), risk.getCompetitorApproaches());
        assertEquals(List.of("fell", "approached"), risk.getReasons());
        OurSide side = risk.getOurSide();
        assertEquals(13, side.getScore());
        assertEquals(List.of("o1"), side.getReasons());
        assertEquals(List.of(RiskModelConfig.OUR_RESPONSIVENESS, RiskModelConfig.OUR_RECIPROCITY),
                side.getFactors().stream().map(RiskFactor::getName).toList());
        RiskFactor ours = side.getFactors().get(0);
        assertEquals(0.25, ours.getValue());
        assertEquals(0.5, ours.getWeight());
        assertEquals(12.5, ours.getContribution());
        assertEquals(List.of("pr-7"), ours.getEvidence());
        assertEquals(RiskModelConfig.FACTOR_NAMES, risk.getFactors().stream().map(RiskFactor::getName).toList());

        RiskSnapshot snapshot = RiskRecords.snapshot(risk);
        assertEquals(0.4, snapshot.getDealFlow());
        assertEquals(13, snapshot.getOurSide());
        assertEquals(0.0, snapshot.getHarmfulAsk());
    }
}
