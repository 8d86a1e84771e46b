package io.partnersignals.registry;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.ModelSettings;
import io.partnersignals.contract.OurSide;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.PricingEventType;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.contract.SponsorLevel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One record of every contract record type: with every optional field set, and with none. */
final class ContractSamples {

    static final Instant T0 = Instant.parse("2025-03-01T09:30:15.123Z");

    private ContractSamples() {}

    static Partner partner() {
        return new Partner("p-1", "Acme Systems", List.of("acme.example", "acme-systems.example"), PartnerKind.TECHNOLOGY);
    }

    static RiskFactor factor() {
        return new RiskFactor("responsiveness", 0.75, 0.15, 11.25, List.of("request a-17 open for 46 days"));
    }

    static List<SpecificRecord> full() {
        return List.of(
                partner(),
                new Competitor("c-1", "Rival Corp", List.of("rival.example")),
                new CrmActivity("a-1", "p-1", T0, ActivityType.RESPONSE, Direction.INBOUND, "a-0", SponsorLevel.SENIOR_MANAGER,
                        12500.5, "promo-9", "Re: joint roadshow"),
                new CrawlResult("p-1", "https://acme.example/partners", T0, 200, PageKind.PARTNER_DIRECTORY, true, false,
                        List.of("rival.example", "www.other.example")),
                new PricingEvent("e-1", "p-1", T0, PricingEventType.SALE_RECORDED, "promo-9", "SKU-42", 100.0, 80.0, false,
                        70.0, 85.0, "EUR"),
                factor(),
                new PartnerRisk("p-1", "Acme Systems", T0, 62, RiskBand.RED, 58, "v1", List.of(factor(), factor()),
                        List.of("Requests go unanswered.", "Pages link to competitors."),
                        new OurSide(40, List.of(factor()), List.of("We leave the partner's requests unanswered.")), List.of("a-9")),
                new RiskAlert("p-1", "Acme Systems", T0, RiskBand.AMBER, RiskBand.RED, 64, List.of("Requests go unanswered."),
                        AlertKind.DETERIORATING),
                new RiskSnapshot("p-1", "Acme Systems", T0, 62, "RED", "v1", 0.25, 0.75, 0.5, 0.0, 1.0, 0.3, 0.1, 1.0,
                        0.4, 40),
                new ModelSettings("v2", T0, Map.of("model.weight.dealFlow", "0.10")));
    }

    static List<SpecificRecord> minimal() {
        return List.of(
                new Partner("p-2", "", List.of(), PartnerKind.OTHER),
                new Competitor("c-2", "Rival", List.of()),
                new CrmActivity("a-2", "p-2", Instant.EPOCH, ActivityType.MEETING, Direction.OUTBOUND, null, null, null, null, null),
                new CrawlResult("p-2", "https://x.example/", Instant.EPOCH, 404, PageKind.GENERAL, false, false, List.of()),
                new PricingEvent("e-2", "p-2", Instant.EPOCH, PricingEventType.PROMOTION_ENDED, null, null, null, null, null,
                        null, null, "USD"),
                new RiskFactor("diversion", 0.0, 0.0, 0.0, List.of()),
                new PartnerRisk("p-2", null, Instant.EPOCH, 0, RiskBand.GREEN, null, "v1", List.of(), List.of(), null, List.of()),
                new RiskAlert("p-2", null, Instant.EPOCH, RiskBand.GREEN, RiskBand.AMBER, 40, List.of(), AlertKind.BAND_CHANGE),
                new RiskSnapshot("p-2", null, Instant.EPOCH, 0, "GREEN", "v1", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, null),
                new ModelSettings("v1", Instant.EPOCH, Map.of()));
    }
}
