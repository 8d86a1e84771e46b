package io.partnersignals.topology;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.model.AssessedFactor;
import io.partnersignals.model.Assessment;
import io.partnersignals.model.RiskModelConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a model assessment into the records of the output contract. */
final class RiskRecords {

    private RiskRecords() {
    }

    static PartnerRisk risk(String partnerId, String partnerName, Instant at, Assessment a, Integer previousScore,
                            String modelVersion) {
        List<RiskFactor> factors = new ArrayList<>(a.factors().size());
        for (AssessedFactor f : a.factors()) {
            factors.add(new RiskFactor(f.name(), f.value(), f.weight(), f.contribution(), new ArrayList<>(f.evidence())));
        }
        return PartnerRisk.newBuilder()
                .setPartnerId(partnerId)
                .setPartnerName(partnerName)
                .setComputedAt(at)
                .setScore(a.score())
                .setBand(a.band())
                .setPreviousScore(previousScore)
                .setModelVersion(modelVersion)
                .setFactors(factors)
                .setReasons(new ArrayList<>(a.reasons()))
                .build();
    }

    static RiskSnapshot snapshot(PartnerRisk risk) {
        RiskSnapshot.Builder b = RiskSnapshot.newBuilder()
                .setPartnerId(risk.getPartnerId())
                .setPartnerName(risk.getPartnerName())
                .setComputedAt(risk.getComputedAt())
                .setScore(risk.getScore())
                .setBand(risk.getBand().name())
                .setModelVersion(risk.getModelVersion())
                .setSponsorship(0).setResponsiveness(0).setReciprocity(0).setAttribution(0)
                .setDiversion(0).setPricingExclusion(0).setMarginErosion(0).setHarmfulAsk(0);
        for (RiskFactor f : risk.getFactors()) {
            double v = f.getValue();
            switch (f.getName()) {
                case RiskModelConfig.SPONSORSHIP -> b.setSponsorship(v);
                case RiskModelConfig.RESPONSIVENESS -> b.setResponsiveness(v);
                case RiskModelConfig.RECIPROCITY -> b.setReciprocity(v);
                case RiskModelConfig.ATTRIBUTION -> b.setAttribution(v);
                case RiskModelConfig.DIVERSION -> b.setDiversion(v);
                case RiskModelConfig.PRICING_EXCLUSION -> b.setPricingExclusion(v);
                case RiskModelConfig.MARGIN_EROSION -> b.setMarginErosion(v);
                case RiskModelConfig.HARMFUL_ASK -> b.setHarmfulAsk(v);
                default -> throw new IllegalStateException("factor without a history column: " + f.getName());
            }
        }
        return b.build();
    }

    static RiskAlert alert(PartnerRisk risk, RiskBand from, RiskBand to) {
        return RiskAlert.newBuilder()
                .setPartnerId(risk.getPartnerId())
                .setPartnerName(risk.getPartnerName())
                .setAt(risk.getComputedAt())
                .setFromBand(from)
                .setToBand(to)
                .setScore(risk.getScore())
                .setReasons(new ArrayList<>(risk.getReasons()))
                .build();
    }

    /**
     * The fingerprint that states written before format 2 keep: 64-bit FNV-1a over the text of what a
     * reader of the score sees. Still computed once for each such state, so that the first evaluation
     * after an upgrade publishes only a real change ({@link io.partnersignals.model.Fingerprint} since).
     */
    static long textFingerprint(Assessment a) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, a.score());
        h = mix(h, a.band().ordinal());
        for (AssessedFactor f : a.factors()) {
            h = mix(h, Math.round(f.value() * 1_000_000));
            h = mix(h, Double.doubleToLongBits(f.weight()));
            for (String e : f.evidence()) {
                h = mix(h, e);
            }
        }
        for (String r : a.reasons()) {
            h = mix(h, r);
        }
        return h;
    }

    private static long mix(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (i * 8)) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h, s.length());
    }
}
