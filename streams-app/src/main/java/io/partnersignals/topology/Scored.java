package io.partnersignals.topology;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import java.util.List;

/**
 * What one evaluation publishes: the score, its flat snapshot, and the alerts it raised (none, a band
 * change, a deterioration, or both in that order); {@code encodedRisk} is the score as written to
 * partner.risk and the risk store (null where nothing is encoded: replay).
 */
record Scored(PartnerRisk risk, byte[] encodedRisk, RiskSnapshot snapshot, List<RiskAlert> alerts) {

    Scored {
        alerts = List.copyOf(alerts);
    }
}
