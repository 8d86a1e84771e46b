package io.partnersignals.model;

import io.partnersignals.contract.RiskBand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Risk model v1: the eight factors of DESIGN.md, weighted by configuration.
 * score = round(100 × Σ wᵢ·fᵢ / Σ wᵢ); bands GREEN < amber ≤ AMBER < red ≤ RED.
 * A pure function of the partner's state and the instant: no wall clock, no hash order. It keeps
 * each factor's last result in the state object (never stored), which changes nothing it returns.
 */
public final class RiskModel {

    private final RiskModelConfig config;
    private final List<Factor> factors;

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
                new HarmfulAsk(config));
        for (int i = 0; i < factors.size(); i++) {
            if (!factors.get(i).name().equals(RiskModelConfig.FACTOR_NAMES.get(i))) {
                throw new IllegalStateException("factor order differs from FACTOR_NAMES at " + i);
            }
        }
    }

    public RiskModelConfig config() {
        return config;
    }

    /** The factors in {@link RiskModelConfig#FACTOR_NAMES} order. */
    public List<Factor> factors() {
        return factors;
    }

    public Assessment assess(PartnerState state, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        double total = config.totalWeight();
        double weighted = 0;
        List<AssessedFactor> assessed = new ArrayList<>(factors.size());
        List<Ranked> ranked = new ArrayList<>();
        Memo[] used = new Memo[factors.size()];
        for (int i = 0; i < factors.size(); i++) {
            Factor factor = factors.get(i);
            Memo m = result(i, factor, state, now);
            used[i] = m;
            FactorResult r = m.result();
            double w = config.weight(factor.name());
            weighted += w * r.value();
            double contribution = 100.0 * w * r.value() / total;
            assessed.add(new AssessedFactor(factor.name(), r.value(), w, contribution, r.evidence()));
            if (contribution > 0 && r.reason() != null) {
                ranked.add(new Ranked(i, contribution, r.reason()));
            }
        }
        int score = (int) Math.round(100.0 * weighted / total);
        score = Math.max(0, Math.min(100, score));
        RiskBand band = bandOf(score);
        ranked.sort(Comparator.comparingDouble(Ranked::contribution).reversed().thenComparingInt(Ranked::order));
        List<String> reasons = new ArrayList<>(ranked.size());
        long[] reasonHashes = new long[ranked.size()];
        long[] evidenceHashes = new long[used.length];
        for (int i = 0; i < used.length; i++) {
            evidenceHashes[i] = used[i].evidenceHash();
        }
        for (Ranked r : ranked) {
            reasonHashes[reasons.size()] = used[r.order()].reasonHash();
            reasons.add(r.reason());
        }
        // from the hashes kept with each result: what Fingerprint.of computes from the text
        return new Assessment(score, band, assessed, reasons,
                Fingerprint.combine(score, band, assessed, evidenceHashes, reasonHashes));
    }

    /**
     * The factor's result, as remembered in the state when neither its facts nor anything that time
     * alone changes in it have moved since: most evaluations follow one new fact or one fact leaving a
     * window, which changes one factor, not eight.
     */
    private Memo result(int i, Factor factor, PartnerState state, Instant now) {
        long t = now.toEpochMilli();
        int version = state.version(factor.reads());
        Object[] memos = state.memos;
        if (memos != null && memos[i] instanceof Memo m && m.model() == this && m.version() == version
                && t >= m.from() && (t < m.until() || t == m.from())) {
            return m;
        }
        FactorResult r = factor.evaluate(state, now);
        if (memos == null) {
            memos = new Object[factors.size()];
            state.memos = memos;
        }
        Memo m = new Memo(this, version, t, factor.unchangedUntil(state, t), r, Fingerprint.ofAll(r.evidence()),
                r.reason() == null ? 0 : Fingerprint.of(r.reason()));
        memos[i] = m;
        return m;
    }

    /**
     * A factor's result, valid for this model, this version of its facts and times in [from, until),
     * with the hashes of its evidence and reason for the fingerprint.
     */
    private record Memo(RiskModel model, int version, long from, long until, FactorResult result, long evidenceHash,
                        long reasonHash) {}

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
