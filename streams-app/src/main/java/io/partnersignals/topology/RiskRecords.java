package io.partnersignals.topology;

import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.OurSide;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.model.AssessedFactor;
import io.partnersignals.model.Assessment;
import io.partnersignals.model.OurSideAssessment;
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
        OurSideAssessment side = a.ourSide();
        OurSide ourSide = new OurSide(side.score(), riskFactors(side.factors()), new ArrayList<>(side.reasons()));
        return PartnerRisk.newBuilder()
                .setPartnerId(partnerId)
                .setPartnerName(partnerName)
                .setComputedAt(at)
                .setScore(a.score())
                .setBand(a.band())
                .setPreviousScore(previousScore)
                .setModelVersion(modelVersion)
                .setFactors(riskFactors(a.factors()))
                .setReasons(new ArrayList<>(a.reasons()))
                .setOurSide(ourSide)
                .setCompetitorApproaches(new ArrayList<>(a.competitorApproaches()))
                .build();
    }

    private static List<RiskFactor> riskFactors(List<AssessedFactor> assessed) {
        List<RiskFactor> factors = new ArrayList<>(assessed.size());
        for (AssessedFactor f : assessed) {
            factors.add(new RiskFactor(f.name(), f.value(), f.weight(), f.contribution(), new ArrayList<>(f.evidence())));
        }
        return factors;
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
                .setDiversion(0).setPricingExclusion(0).setMarginErosion(0).setHarmfulAsk(0)
                // dealFlow 0 also when the factor does not apply (a record written before it had no such factor)
                .setDealFlow(0)
                .setOurSide(risk.getOurSide() == null ? null : risk.getOurSide().getScore());
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
                case RiskModelConfig.DEAL_FLOW -> b.setDealFlow(v);
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
                .setKind(AlertKind.BAND_CHANGE)
                .build();
    }
}
