package io.partnersignals.model;

import java.time.Instant;
import java.util.Collection;
import java.util.function.ToLongFunction;

/** One risk factor of the model: a pure function of a partner's state at an instant. */
public interface Factor {

    /** The factor's name in the contract (RiskFactor.name, RiskSnapshot column). */
    String name();

    FactorResult evaluate(PartnerState state, Instant now);

    /** The one kind of fact the factor reads: a change to any other leaves its result as it was. */
    PartnerState.Facts reads();

    /**
     * The earliest instant after {@code now} at which, with the same facts, the result may differ from
     * the result at {@code now} (Long.MAX_VALUE: never); {@code now} itself when it may differ at any
     * other instant, as a value that rises continuously does. Erring early costs an evaluation, erring
     * late would publish stale evidence, so every instant at which a fact enters or leaves a window
     * counts.
     */
    long unchangedUntil(PartnerState state, long now);

    /**
     * For facts that count from their time for {@code window}: the first instant after {@code now} at
     * which one of them enters or leaves it (Long.MAX_VALUE: none).
     */
    static <F> long windowEdge(Collection<F> facts, ToLongFunction<F> time, long window, long now) {
        long until = Long.MAX_VALUE;
        for (F fact : facts) {
            long at = time.applyAsLong(fact);
            until = sooner(until, now, at);
            until = sooner(until, now, at + window);
        }
        return until;
    }

    /** {@code candidate} if it lies after {@code now} and before {@code soonest}, else {@code soonest}. */
    static long sooner(long soonest, long now, long candidate) {
        return candidate > now && candidate < soonest ? candidate : soonest;
    }
}
