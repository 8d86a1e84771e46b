package io.partnersignals.model;

import java.time.Instant;

/** One risk factor of the model: a pure function of a partner's state at an instant. */
public interface Factor {

    /** The factor's name in the contract (RiskFactor.name, RiskSnapshot column). */
    String name();

    FactorResult evaluate(PartnerState state, Instant now);
}
