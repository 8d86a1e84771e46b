package io.partnersignals.model;

import io.partnersignals.model.PartnerState.Facts;
import java.util.Comparator;
import java.util.function.ToLongFunction;

/**
 * How a factor looks at one kind of fact, declared once by the factor ({@link Factor#windows()}):
 * when a fact starts and stops counting. Pruning ({@link RiskModel#prune}) and the time of a
 * partner's next time-driven change ({@link RiskModel#nextChangeAfter}) both follow from it.
 *
 * @param kind      the kind of fact read
 * @param type      the fact's class, so that the model can read the state's map of that kind
 * @param edges     the instants at which, with time alone, the fact may change what the factor says
 * @param leaves    the instant after which the factor no longer sees the fact (Long.MAX_VALUE: time alone
 *                  never takes it out of view)
 * @param baseline  non-null when the latest fact that has left the window still counts (it sets the
 *                  level the window starts from): this order says which is the latest
 */
public record FactWindow<F>(Facts kind, Class<F> type, Edges<F> edges, ToLongFunction<F> leaves,
                            Comparator<F> baseline) {

    /** The instants of one fact at which the factor's result may change with time alone. */
    @FunctionalInterface
    public interface Edges<F> {
        /** The first such instant after {@code now}, or Long.MAX_VALUE; {@code rampStep} paces a rising value. */
        long nextAfter(F fact, long now, long rampStep);
    }

    /** A fact that counts from its time {@code at} for {@code window}, then not at all. */
    public static <F> FactWindow<F> counted(Facts kind, Class<F> type, ToLongFunction<F> at, long window) {
        return new FactWindow<>(kind, type,
                (f, now, step) -> after(now, at.applyAsLong(f), at.applyAsLong(f) + window),
                f -> at.applyAsLong(f) + window, null);
    }

    /** As {@link #counted}, but the latest fact before the window keeps counting as where it starts from. */
    public static <F> FactWindow<F> countedFromBaseline(Facts kind, Class<F> type, ToLongFunction<F> at, long window,
                                                        Comparator<F> order) {
        FactWindow<F> w = counted(kind, type, at, window);
        return new FactWindow<>(kind, type, w.edges(), w.leaves(), order);
    }

    /** A fact that no edge of time changes, kept for {@code keep} after its time (for example to recognise a repeat). */
    public static <F> FactWindow<F> keptFor(Facts kind, Class<F> type, ToLongFunction<F> at, long keep) {
        return new FactWindow<>(kind, type, (f, now, step) -> Long.MAX_VALUE, f -> at.applyAsLong(f) + keep, null);
    }

    /** The first of {@code candidates} after {@code now}, or Long.MAX_VALUE. */
    public static long after(long now, long... candidates) {
        long next = Long.MAX_VALUE;
        for (long c : candidates) {
            if (c > now && c < next) {
                next = c;
            }
        }
        return next;
    }

    long nextAfter(Object fact, long now, long rampStep) {
        return edges.nextAfter(type.cast(fact), now, rampStep);
    }

    long leavesAt(Object fact) {
        return leaves.applyAsLong(type.cast(fact));
    }
}
