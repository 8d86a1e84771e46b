package io.partnersignals.model;

import io.partnersignals.contract.RiskBand;
import java.util.List;

/**
 * 64-bit fingerprints of what a reader of a score sees (score, band, every factor's value, weight
 * and evidence, the reasons in order; our side's score, factors and reasons; the competitor
 * approaches), so that a score is published only when that changes. Strings
 * are hashed on their own and then combined, so that the model can keep the hash of a factor's
 * evidence with the factor's result and not hash the same text again. Not a cryptographic hash: a
 * fast mix, four characters per round, with a final avalanche.
 */
public final class Fingerprint {

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long SEED = 0x27D4EB2F165667C5L;

    private Fingerprint() {
    }

    /** The fingerprint of an assessment, from its parts. */
    public static long of(int score, RiskBand band, List<AssessedFactor> factors, List<String> reasons,
                          OurSideAssessment ourSide, List<String> competitorApproaches) {
        return combine(score, band, factors, evidence(factors), hashes(reasons), ourSide(ourSide),
                ofAll(competitorApproaches));
    }

    /**
     * The fingerprint from hashes already taken: {@code evidence[i]} of factor i's evidence
     * ({@link #ofAll}), {@code reasons[j]} of the j-th reason ({@link #of(String)}), in order;
     * {@code ourSide} from {@link #ourSide}, {@code approaches} the {@link #ofAll} of the approach ids.
     */
    static long combine(int score, RiskBand band, List<AssessedFactor> factors, long[] evidence, long[] reasons,
                        long ourSide, long approaches) {
        long h = mix(mix(SEED, score), band.ordinal());
        h = factorsAndReasons(h, factors, evidence, reasons);
        return finish(mix(mix(h, ourSide), approaches));
    }

    /** Our side's score, factors and reasons. */
    static long ourSide(OurSideAssessment side) {
        return finish(factorsAndReasons(mix(SEED, side.score()), side.factors(), evidence(side.factors()),
                hashes(side.reasons())));
    }

    private static long factorsAndReasons(long h, List<AssessedFactor> factors, long[] evidence, long[] reasons) {
        for (int i = 0; i < evidence.length; i++) {
            AssessedFactor f = factors.get(i);
            // values count to the millionth, as the records show them
            h = mix(mix(mix(h, Math.round(f.value() * 1_000_000)), Double.doubleToLongBits(f.weight())), evidence[i]);
        }
        h = mix(h, reasons.length);
        for (long r : reasons) {
            h = mix(h, r);
        }
        return h;
    }

    private static long[] evidence(List<AssessedFactor> factors) {
        long[] evidence = new long[factors.size()];
        for (int i = 0; i < evidence.length; i++) {
            evidence[i] = ofAll(factors.get(i).evidence());
        }
        return evidence;
    }

    private static long[] hashes(List<String> strings) {
        long[] hashes = new long[strings.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = of(strings.get(i));
        }
        return hashes;
    }

    /** A list of strings: its length, then each string, so that moving a boundary changes the hash. */
    static long ofAll(List<String> strings) {
        long h = mix(SEED, strings.size());
        for (String s : strings) {
            h = mix(h, of(s));
        }
        return h;
    }

    /** One string: its length, then its characters four at a time. */
    static long of(String s) {
        int n = s.length();
        long h = SEED + n * P3;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            h = mix(h, s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32
                    | (long) s.charAt(i + 3) << 48);
        }
        for (; i < n; i++) {
            h = mix(h, s.charAt(i));
        }
        return finish(h);
    }

    private static long mix(long h, long v) {
        return Long.rotateLeft(h ^ (v * P2), 31) * P1;
    }

    /** Spreads every input bit over every output bit (MurmurHash3's 64-bit finaliser). */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
