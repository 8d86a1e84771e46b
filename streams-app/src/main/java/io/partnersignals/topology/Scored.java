package io.partnersignals.topology;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;

/** What one evaluation publishes: the score, its flat snapshot, and an alert when the band changed (else null). */
record Scored(PartnerRisk risk, RiskSnapshot snapshot, RiskAlert alert) {}
