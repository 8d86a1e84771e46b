package io.partnersignals.model;

import java.time.Instant;
import java.util.List;

/** One risk factor of the model: a pure function of a partner's state at an instant. */
public interface Factor {

    /** The factor's name in the contract (RiskFactor.name, RiskSnapshot column). */
    String name();

    FactorResult evaluate(PartnerState state, Instant now);

    /**
     * The facts the factor reads and when each starts and stops counting: the one declaration that
     * pruning and time-driven re-scoring follow. A fact of a kind that no factor declares is never
     * kept past the update that brought it.
     */
    List<FactWindow<?>> windows();
}
