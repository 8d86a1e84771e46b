package io.partnersignals.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.partnersignals.contract.RiskBand;
import io.partnersignals.model.AssessedFactor;
import io.partnersignals.model.Assessment;
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
                reasons);
    }

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
}
