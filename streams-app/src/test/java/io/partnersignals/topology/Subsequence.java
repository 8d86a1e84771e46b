package io.partnersignals.topology;

import io.partnersignals.contract.RiskSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule that ties coalesced publication to replay: each partner's live history is a
 * subsequence of replay's on the assessment, each live row computed at or after the replay row it
 * matches and before the replay row after it, and both end in the same assessment. Returns the
 * first partner that breaks it, with both histories, or null.
 */
public final class Subsequence {

    private Subsequence() {
    }

    public static String firstBreak(List<RiskSnapshot> live, List<RiskSnapshot> replay) {
        Map<String, List<RiskSnapshot>> l = byPartner(live);
        Map<String, List<RiskSnapshot>> r = byPartner(replay);
        if (!l.keySet().equals(r.keySet())) {
            return "partners differ: live " + l.keySet() + ", replay " + r.keySet();
        }
        for (String partner : r.keySet()) {
            List<RiskSnapshot> lp = l.get(partner);
            List<RiskSnapshot> rp = r.get(partner);
            if (!isSubsequence(lp, rp)
                    || !assessment(lp.get(lp.size() - 1)).equals(assessment(rp.get(rp.size() - 1)))) {
                return partner + ":\n live   " + lp + "\n replay " + rp;
            }
        }
        return null;
    }

    static Map<String, List<RiskSnapshot>> byPartner(List<RiskSnapshot> history) {
        Map<String, List<RiskSnapshot>> map = new LinkedHashMap<>();
        for (RiskSnapshot s : history) {
            map.computeIfAbsent(s.getPartnerId(), k -> new ArrayList<>()).add(s);
        }
        return map;
    }

    static boolean isSubsequence(List<RiskSnapshot> live, List<RiskSnapshot> replay) {
        int i = 0;
        for (int j = 0; j < replay.size() && i < live.size(); j++) {
            RiskSnapshot l = live.get(i);
            RiskSnapshot r = replay.get(j);
            boolean beforeNext = j + 1 == replay.size()
                    || l.getComputedAt().isBefore(replay.get(j + 1).getComputedAt());
            if (assessment(l).equals(assessment(r)) && !l.getComputedAt().isBefore(r.getComputedAt()) && beforeNext) {
                i++;
            }
        }
        return i == live.size();
    }

    /** The row without the time it was computed at. */
    static RiskSnapshot assessment(RiskSnapshot s) {
        return RiskSnapshot.newBuilder(s).setComputedAt(Instant.EPOCH).build();
    }
}
