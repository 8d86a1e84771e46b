package io.partnersignals.model;

import io.partnersignals.contract.RiskBand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Risk model v2: the nine factors of docs/design.md ("Risk model"), weighted by configuration.
 * score = round(100 × Σ wᵢ·fᵢ / Σ wᵢ) over the factors that apply (all but deal flow always do);
 * bands GREEN < amber ≤ AMBER < red ≤ RED. Beside the score, never part of it: our side of the
 * scorecard and the competitor approaches.
 * A pure function of the partner's state and the instant: no wall clock, no hash order. The
 * factors' window declarations also decide what a state may forget and when time alone re-scores it.
 */
public final class RiskModel {

    private final RiskModelConfig config;
    private final List<Factor> factors;
    private final List<Factor> ourSideFactors;
    private final CompetitorApproaches approaches;
    /** Every factor's window on each kind of fact, from the factors' own declarations. */
    private final Map<PartnerState.Facts, List<FactWindow<?>>> windows;

    public RiskModel(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.factors = List.of(
                new Sponsorship(config),
                new Responsiveness(config),
                new Reciprocity(config),
                new Attribution(config),
                new Diversion(config),
                new PricingExclusion(config),
                new MarginErosion(config),
                new HarmfulAsk(config),
                new DealFlow(config));
        this.ourSideFactors = List.of(new OurResponsiveness(config), new OurReciprocity(config));
        this.approaches = new CompetitorApproaches(config);
        for (int i = 0; i < factors.size(); i++) {
            if (!factors.get(i).name().equals(RiskModelConfig.FACTOR_NAMES.get(i))) {
                throw new IllegalStateException("factor order differs from FACTOR_NAMES at " + i);
            }
        }
        for (int i = 0; i < ourSideFactors.size(); i++) {
            if (!ourSideFactors.get(i).name().equals(RiskModelConfig.OUR_SIDE_FACTOR_NAMES.get(i))) {
                throw new IllegalStateException("factor order differs from OUR_SIDE_FACTOR_NAMES at " + i);
            }
        }
        Map<PartnerState.Facts, List<FactWindow<?>>> byKind = new EnumMap<>(PartnerState.Facts.class);
        for (PartnerState.Facts kind : PartnerState.Facts.values()) {
            byKind.put(kind, new ArrayList<>());
        }
        // the score's factors first: a kind's first window orders what its limit drops
        List<FactWindow<?>> all = new ArrayList<>();
        for (Factor factor : factors) {
            all.addAll(factor.windows());
        }
        for (Factor factor : ourSideFactors) {
            all.addAll(factor.windows());
        }
        all.addAll(approaches.windows());
        for (FactWindow<?> w : all) {
            byKind.get(w.kind()).add(w);
        }
        this.windows = byKind;
    }

    public RiskModelConfig config() {
        return config;
    }

    /** The factors in {@link RiskModelConfig#FACTOR_NAMES} order. */
    public List<Factor> factors() {
        return factors;
    }

    /** Our side's factors, in {@link RiskModelConfig#OUR_SIDE_FACTOR_NAMES} order. */
    public List<Factor> ourSideFactors() {
        return ourSideFactors;
    }

    public Assessment assess(PartnerState state, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        FactorResult[] results = new FactorResult[factors.size()];
        // Σ wᵢ over the factors that apply, in FACTOR_NAMES order: with deal flow not applying, the same
        // additions as v1's, so the same total to the last bit
        double total = 0;
        for (int i = 0; i < factors.size(); i++) {
            results[i] = factors.get(i).evaluate(state, now);
            if (results[i].applies()) {
                total += config.weight(factors.get(i).name());
            }
        }
        double weighted = 0;
        List<AssessedFactor> assessed = new ArrayList<>(factors.size());
        List<Ranked> ranked = new ArrayList<>();
        long[] evidenceHashes = new long[factors.size()];
        for (int i = 0; i < factors.size(); i++) {
            FactorResult r = results[i];
            evidenceHashes[i] = Fingerprint.ofAll(r.evidence());
            double w = r.applies() ? config.weight(r.name()) : 0.0;
            weighted += w * r.value();
            double contribution = total > 0 ? 100.0 * w * r.value() / total : 0.0;
            assessed.add(new AssessedFactor(r.name(), r.value(), w, contribution, r.evidence()));
            if (contribution > 0 && r.reason() != null) {
                ranked.add(new Ranked(i, contribution, r.reason()));
            }
        }
        int score = total > 0 ? (int) Math.round(100.0 * weighted / total) : 0;
        score = Math.max(0, Math.min(100, score));
        RiskBand band = bandOf(score);
        List<String> reasons = new ArrayList<>(ranked.size() + 1);
        ranked.sort(BY_IMPORTANCE);
        for (Ranked r : ranked) {
            reasons.add(r.reason());
        }
        CompetitorApproaches.Found found = approaches.evaluate(state, now);
        if (found.reason() != null) {
            reasons.add(found.reason());
        }
        long[] reasonHashes = new long[reasons.size()];
        for (int i = 0; i < reasonHashes.length; i++) {
            reasonHashes[i] = Fingerprint.of(reasons.get(i));
        }
        OurSideAssessment ourSide = assessOurSide(state, now);
        return new Assessment(score, band, assessed, reasons, ourSide, found.ids(),
                Fingerprint.combine(score, band, assessed, evidenceHashes, reasonHashes, Fingerprint.ourSide(ourSide),
                        Fingerprint.ofAll(found.ids())));
    }

    /** Our side: each factor weighs the same, score = round(100 × mean of the values). */
    private OurSideAssessment assessOurSide(PartnerState state, Instant now) {
        double weight = 1.0 / ourSideFactors.size();
        double sum = 0;
        List<AssessedFactor> assessed = new ArrayList<>(ourSideFactors.size());
        List<Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < ourSideFactors.size(); i++) {
            FactorResult r = ourSideFactors.get(i).evaluate(state, now);
            sum += r.value();
            double contribution = 100.0 * weight * r.value();
            assessed.add(new AssessedFactor(r.name(), r.value(), weight, contribution, r.evidence()));
            if (contribution > 0 && r.reason() != null) {
                ranked.add(new Ranked(i, contribution, r.reason()));
            }
        }
        ranked.sort(BY_IMPORTANCE);
        List<String> reasons = new ArrayList<>(ranked.size());
        for (Ranked r : ranked) {
            reasons.add(r.reason());
        }
        int score = (int) Math.round(100.0 * sum / ourSideFactors.size());
        return new OurSideAssessment(Math.max(0, Math.min(100, score)), assessed, reasons);
    }

    private static final Comparator<Ranked> BY_IMPORTANCE =
            Comparator.comparingDouble(Ranked::contribution).reversed().thenComparingInt(Ranked::order);

    /**
     * Drops every fact that has left the windows of all factors that read it, each window extended by
     * the lateness grace (so that an event arriving late within the grace finds what it needs), and
     * every fact of a kind that no factor reads. Names each removal to {@code changes}.
     */
    public void prune(PartnerState state, long now, FactChanges changes) {
        for (PartnerState.Facts kind : PartnerState.Facts.values()) {
            List<FactWindow<?>> read = windows.get(kind);
            Map<String, Object> facts = state.facts(kind);
            if (facts.isEmpty()) {
                continue;
            }
            List<String> gone = null;
            Object baseline = null;
            String baselineId = null;
            for (Map.Entry<String, Object> e : facts.entrySet()) {
                if (dropAt(read, e.getValue()) <= now) {
                    if (gone == null) {
                        gone = new ArrayList<>();
                    }
                    gone.add(e.getKey());
                    if (!read.isEmpty() && read.get(0).baseline() != null
                            && (baseline == null || later(read.get(0), e.getValue(), baseline))) {
                        baseline = e.getValue();
                        baselineId = e.getKey();
                    }
                }
            }
            if (gone != null) {
                for (String id : gone) {
                    if (!id.equals(baselineId)) {
                        state.remove(kind, id, changes);
                    }
                }
            }
        }
    }

    /**
     * The first instant at which {@link #prune} drops the fact: once it has left the window of every
     * factor that reads it by more than the lateness grace (Long.MAX_VALUE: never; Long.MIN_VALUE for a
     * kind that no factor reads).
     */
    private long dropAt(List<FactWindow<?>> read, Object fact) {
        long leaves = Long.MIN_VALUE;
        for (FactWindow<?> w : read) {
            leaves = Math.max(leaves, w.leavesAt(fact));
        }
        return leaves == Long.MAX_VALUE || leaves == Long.MIN_VALUE ? leaves : leaves + config.lateness().toMillis() + 1;
    }

    @SuppressWarnings("unchecked")
    private static <F> boolean later(FactWindow<F> w, Object a, Object b) {
        return w.baseline().compare((F) a, (F) b) > 0;
    }

    /**
     * Holds each kind of fact to its per-partner limit ({@link RiskModelConfig#limit}), dropping what
     * matters least: the newest open requests, ours and the partner's (the oldest decide the factor), the pages crawled
     * longest ago, the promotions that left or will leave their window first. Returns the kind of
     * every fact dropped (empty when none).
     */
    public List<PartnerState.Facts> limit(PartnerState state, FactChanges changes) {
        List<PartnerState.Facts> dropped = List.of();
        for (PartnerState.Facts kind : LIMITED) {
            int max = config.limit(kind);
            Map<String, Object> facts = state.facts(kind);
            while (facts.size() > max) {
                String victim = null;
                Object worst = null;
                for (Map.Entry<String, Object> e : facts.entrySet()) {
                    if (worst == null || dropsBefore(kind, e.getValue(), worst)) {
                        worst = e.getValue();
                        victim = e.getKey();
                    }
                }
                state.remove(kind, victim, changes);
                if (dropped.isEmpty()) {
                    dropped = new ArrayList<>();
                }
                dropped.add(kind);
            }
        }
        return dropped;
    }

    private static final List<PartnerState.Facts> LIMITED = List.of(PartnerState.Facts.OPEN_REQUESTS,
            PartnerState.Facts.PAGES, PartnerState.Facts.PROMOTIONS, PartnerState.Facts.PARTNER_REQUESTS);

    /** Whether fact {@code a} goes before {@code b} when a kind is over its limit; ties go by id, for a fixed result. */
    private boolean dropsBefore(PartnerState.Facts kind, Object a, Object b) {
        return switch (kind) {
            case OPEN_REQUESTS -> {
                PartnerState.OpenRequest x = (PartnerState.OpenRequest) a;
                PartnerState.OpenRequest y = (PartnerState.OpenRequest) b;
                yield x.at() != y.at() ? x.at() > y.at() : x.activityId().compareTo(y.activityId()) > 0;
            }
            case PARTNER_REQUESTS -> {
                PartnerState.PartnerRequest x = (PartnerState.PartnerRequest) a;
                PartnerState.PartnerRequest y = (PartnerState.PartnerRequest) b;
                yield x.at() != y.at() ? x.at() > y.at() : x.activityId().compareTo(y.activityId()) > 0;
            }
            case PAGES -> {
                PartnerState.Page x = (PartnerState.Page) a;
                PartnerState.Page y = (PartnerState.Page) b;
                yield x.fetchedAt() != y.fetchedAt() ? x.fetchedAt() < y.fetchedAt() : x.url().compareTo(y.url()) < 0;
            }
            default -> {
                long la = windows.get(kind).get(0).leavesAt(a);
                long lb = windows.get(kind).get(0).leavesAt(b);
                yield la != lb ? la < lb
                        : ((PartnerState.Promotion) a).promotionId().compareTo(((PartnerState.Promotion) b).promotionId()) < 0;
            }
        };
    }

    /** When time alone next matters to a partner: its next change of score, and its next clean-up. */
    public record Next(long change, long prune) {}

    /** {@link #nextChangeAfter} and {@link #nextPruneAfter} in one pass over the facts. */
    public Next nextAfter(PartnerState state, long now, long rampStep) {
        long change = Long.MAX_VALUE;
        long prune = Long.MAX_VALUE;
        for (PartnerState.Facts kind : PartnerState.Facts.values()) {
            List<FactWindow<?>> read = windows.get(kind);
            for (Object fact : state.facts(kind).values()) {
                for (FactWindow<?> w : read) {
                    change = Math.min(change, w.nextAfter(fact, now, rampStep));
                }
                long drop = dropAt(read, fact);
                if (drop > now) {
                    prune = Math.min(prune, drop);
                }
            }
        }
        return new Next(change, prune);
    }

    /**
     * The first event time after {@code now} at which {@link #prune} would drop a fact (Long.MAX_VALUE:
     * none), so that the facts of a partner that has gone silent are dropped too. Dropping changes no
     * score, so that instant needs no evaluation.
     */
    public long nextPruneAfter(PartnerState state, long now) {
        return nextAfter(state, now, 1).prune();
    }

    /**
     * The first event time after {@code now} at which the passage of time alone may change a factor:
     * the next edge of any fact's window, or the next step of a rising value; Long.MAX_VALUE when none.
     */
    public long nextChangeAfter(PartnerState state, long now, long rampStep) {
        return nextAfter(state, now, rampStep).change();
    }

    /** The band of a score by the plain thresholds (no hysteresis; see {@link AlertBands} for alerts). */
    public RiskBand bandOf(int score) {
        if (score >= config.redThreshold()) {
            return RiskBand.RED;
        }
        if (score >= config.amberThreshold()) {
            return RiskBand.AMBER;
        }
        return RiskBand.GREEN;
    }

    private record Ranked(int order, double contribution, String reason) {}
}
