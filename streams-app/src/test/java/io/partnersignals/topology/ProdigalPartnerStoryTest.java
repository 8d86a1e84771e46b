package io.partnersignals.topology;

import static io.partnersignals.topology.Events.activity;
import static io.partnersignals.topology.Events.contribution;
import static io.partnersignals.topology.Events.inboundAsk;
import static io.partnersignals.topology.Events.page;
import static io.partnersignals.topology.Events.promotion;
import static io.partnersignals.topology.Events.request;
import static io.partnersignals.topology.Events.sale;
import static io.partnersignals.topology.Events.sponsor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.model.RiskModelConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The story of the prodigal partner, end to end: a senior VP's partnership passed down the line,
 * requests that go unanswered, value that flows one way, a site that shows our benchmarks without
 * credit and sends visitors to a competitor, a promotion we are excluded from, a margin that
 * craters, and a request to push that very promotion to our customers.
 */
class ProdigalPartnerStoryTest {

    @Test
    void theProdigalPartnerEndsRedWithEvidenceAndReasons() {
        try (PipelineDriver p = new PipelineDriver(TopologySettings.defaults().withIdleAdvance(false))) {
            p.partners.pipeInput("prodigal", Events.partner("prodigal", "Prodigal Systems"));
            p.competitors.pipeInput("rival", Events.competitor("rival", "Rival HPC", "rivalhpc.com"));

            p.send(sponsor("pr-s0", "prodigal", 0, SponsorLevel.EXECUTIVE));
            p.send(contribution("pr-c1", "prodigal", 10, Direction.OUTBOUND, 40_000)); // roadshow
            p.send(sponsor("pr-s1", "prodigal", 20, SponsorLevel.MANAGER));            // the VP moved on
            p.send(request("pr-r1", "prodigal", 25));
            p.send(contribution("pr-c2", "prodigal", 30, Direction.OUTBOUND, 30_000)); // benchmarks
            p.send(activity("pr-e1", "prodigal", 30, ActivityType.ESCALATION, Direction.OUTBOUND).setSubject("joint customer stuck").build());
            p.send(contribution("pr-c3", "prodigal", 40, Direction.INBOUND, 5_000));
            p.send(contribution("pr-c4", "prodigal", 50, Direction.OUTBOUND, 20_000)); // referral
            p.send(promotion("pr-p1", "prodigal", 60, "PROMO-7", 1000, 750, false));
            p.send(inboundAsk("pr-ask", "prodigal", 65, "PROMO-7"));
            p.send(sale("pr-sale1", "prodigal", 70, 900, 950));
            p.send(sale("pr-sale2", "prodigal", 80, 900, 950));
            p.send(page("prodigal", "https://prodigal.example/benchmarks", 80, PageKind.BENCHMARK, true, false, "www.rivalhpc.com"));
            p.send(page("prodigal", "https://prodigal.example/partners", 80, PageKind.PARTNER_DIRECTORY, false, false, "favoured.example"));
            p.send(page("prodigal", "https://prodigal.example/news", 80, PageKind.PRESS, true, true));
            p.send(activity("tick", "someone-else", 90, ActivityType.CALL, Direction.OUTBOUND).build()); // time passes

            PartnerRisk risk = p.latest().get("prodigal");
            Map<String, RiskFactor> f = risk.getFactors().stream()
                    .collect(Collectors.toMap(RiskFactor::getName, Function.identity()));
            assertThat(f.get(RiskModelConfig.SPONSORSHIP).getValue()).isCloseTo(0.8, within(1e-9));
            assertThat(f.get(RiskModelConfig.RESPONSIVENESS).getValue()).isEqualTo(1.0);
            assertThat(f.get(RiskModelConfig.RECIPROCITY).getValue()).isCloseTo(85.0 / 95.0, within(1e-9));
            assertThat(f.get(RiskModelConfig.ATTRIBUTION).getValue()).isCloseTo(2.0 / 3.0, within(1e-9));
            assertThat(f.get(RiskModelConfig.DIVERSION).getValue()).isCloseTo(0.5, within(1e-9));
            assertThat(f.get(RiskModelConfig.PRICING_EXCLUSION).getValue()).isEqualTo(1.0);
            assertThat(f.get(RiskModelConfig.MARGIN_EROSION).getValue()).isCloseTo((0.2 - 50.0 / 950.0) / 0.2, within(1e-9));
            assertThat(f.get(RiskModelConfig.HARMFUL_ASK).getValue()).isEqualTo(1.0);
            // .15*.8 + .15*1 + .15*85/95 + .10*2/3 + .15*.5 + .10*1 + .10*.7368 + .10*1 = .8196
            assertThat(risk.getScore()).isEqualTo(82);
            assertThat(risk.getBand()).isEqualTo(RiskBand.RED);
            assertThat(risk.getPartnerName()).isEqualTo("Prodigal Systems");
            assertThat(risk.getModelVersion()).isEqualTo("v2");

            assertThat(f.get(RiskModelConfig.SPONSORSHIP).getEvidence()).anyMatch(e -> e.contains("EXECUTIVE") && e.contains("MANAGER") && e.contains("2026-03-21"));
            assertThat(f.get(RiskModelConfig.RESPONSIVENESS).getEvidence()).anyMatch(e -> e.contains("pr-r1"));
            assertThat(f.get(RiskModelConfig.RESPONSIVENESS).getEvidence()).anyMatch(e -> e.contains("pr-e1"));
            assertThat(f.get(RiskModelConfig.ATTRIBUTION).getEvidence()).anyMatch(e -> e.contains("https://prodigal.example/benchmarks"))
                    .anyMatch(e -> e.contains("https://prodigal.example/partners"))
                    .noneMatch(e -> e.contains("https://prodigal.example/news"));
            assertThat(f.get(RiskModelConfig.DIVERSION).getEvidence()).anyMatch(e -> e.contains("rivalhpc.com"));
            assertThat(f.get(RiskModelConfig.PRICING_EXCLUSION).getEvidence()).anyMatch(e -> e.contains("PROMO-7") && e.contains("25"));
            assertThat(f.get(RiskModelConfig.HARMFUL_ASK).getEvidence()).anyMatch(e -> e.contains("pr-ask") && e.contains("PROMO-7"));

            List<String> reasons = risk.getReasons();
            assertThat(reasons).hasSize(8);
            assertThat(reasons.get(0)).contains("pr-r1");                 // responsiveness: 15 points
            assertThat(reasons.get(1)).containsAnyOf("$90,000", "90,000"); // reciprocity: 13.4 points
            assertThat(reasons.get(2)).contains("MANAGER");               // sponsorship: 12 points
            assertThat(reasons.get(3)).contains("PROMO-7");               // pricing exclusion: 10 points

            List<RiskAlert> alerts = p.alerts.readValuesToList();
            assertThat(alerts).isNotEmpty();
            assertThat(alerts.get(alerts.size() - 1).getToBand()).isEqualTo(RiskBand.RED);
            assertThat(alerts).allMatch(a -> a.getPartnerId().equals("prodigal"));
        }
    }
}
