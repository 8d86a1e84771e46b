package io.partnersignals.topology;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import java.util.List;

/**
 * Takes each published score in the process that runs the topology, in place of the three output
 * topics. Replay uses it: it writes files, and encoding every score for a topic only to capture and
 * decode it again was about a fifth of its time. Called on the stream thread, in processing order.
 */
@FunctionalInterface
public interface ScoreReceiver {

    /**
     * @param risk     what {@code partner.risk} would get
     * @param snapshot what {@code partner.risk.history} would get
     * @param alerts   what {@code partner.risk.alerts} would get, in this order: empty when the publication
     *                 raised none; a band change before a deterioration when it raised both
     */
    void accept(PartnerRisk risk, RiskSnapshot snapshot, List<RiskAlert> alerts);
}
