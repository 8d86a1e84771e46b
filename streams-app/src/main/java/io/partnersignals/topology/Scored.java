package io.partnersignals.topology;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;

/**
 * What one evaluation publishes: the score, its flat snapshot, and an alert when the band changed (else
 * null); {@code encodedRisk} is the score as written to partner.risk and the risk store (null where
 * nothing is encoded: replay).
 */
record Scored(PartnerRisk risk, byte[] encodedRisk, RiskSnapshot snapshot, RiskAlert alert) {}
