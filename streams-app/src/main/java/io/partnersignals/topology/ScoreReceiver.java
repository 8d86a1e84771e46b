package io.partnersignals.topology;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;

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
     * @param alert    what {@code partner.risk.alerts} would get, or null when the band did not change
     */
    void accept(PartnerRisk risk, RiskSnapshot snapshot, RiskAlert alert);
}
