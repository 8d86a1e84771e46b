package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.T0;
import static io.partnersignals.model.Fixtures.ask;
import static io.partnersignals.model.Fixtures.contribution;
import static io.partnersignals.model.Fixtures.crawl;
import static io.partnersignals.model.Fixtures.escalation;
import static io.partnersignals.model.Fixtures.promotionEnded;
import static io.partnersignals.model.Fixtures.promotionStarted;
import static io.partnersignals.model.Fixtures.request;
import static io.partnersignals.model.Fixtures.response;
import static io.partnersignals.model.Fixtures.sale;
import static io.partnersignals.model.Fixtures.sponsor;
import static io.partnersignals.model.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.SponsorLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The model remembers each factor's result in the state while neither its facts nor time have moved
 * it. Whatever happens to the state and whenever it is assessed, the remembered results must give
 * exactly what evaluating every factor afresh gives: above all at the instants where a fact enters or
 * leaves a window, a day of an open request's age turns, or a promotion starts or ends.
 */
class RememberedResultsTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void rememberedResultsAreWhatAFreshEvaluationGivesAtEveryInstant() {
        RiskModel model = new RiskModel(CFG);
        int reused = 0;
        int assessments = 0;
        for (int run = 0; run < 40; run++) {
            Random random = new Random(run);
            PartnerState state = state();
            TreeSet<Long> edges = new TreeSet<>();
            long t = T0.toEpochMilli();
            for (int step = 0; step < 300; step++) {
                int what = random.nextInt(10);
                if (what < 4) {
                    applyRandomEvent(state, random, t, step, edges);
                } else if (what == 4) {
                    // a record that fails half-way takes its changes back
                    state.startJournal();
                    applyRandomEvent(state, random, t, step, new TreeSet<>());
                    assertSame(model, state, t, "before the take-back");
                    state.takeBack();
                }
                t = next(random, t, edges);
                state.prune(t, CFG);
                Object[] before = state.memos == null ? new Object[0] : state.memos.clone();
                assertSame(model, state, t, "run " + run + " step " + step);
                for (int i = 0; i < before.length; i++) {
                    reused += before[i] != null && before[i] == state.memos[i] ? 1 : 0;
                }
                assessments += model.factors().size();
            }
        }
        // most factors keep their result from one assessment to the next
        assertTrue(reused > assessments / 2, "factor results reused: " + reused + " of " + assessments);
    }

    @Test
    void aModelDoesNotReuseWhatAnotherModelRemembered() {
        PartnerState state = state();
        state.apply(contribution("c1", T0, Direction.OUTBOUND, 10_000));
        Instant at = T0.plus(Duration.ofDays(2));
        assertEquals(1.0, new RiskModel(CFG).assess(state, at).value(RiskModelConfig.RECIPROCITY));
        RiskModelConfig c = CFG;
        RiskModelConfig oneDayWindow = new RiskModelConfig(c.modelVersion(), c.weights(), c.amberThreshold(),
                c.redThreshold(), c.alertMargin(), c.lateness(), c.sponsorDowngradeWindow(),
                c.sponsorDowngradePenalty(), c.responsivenessGrace(), c.responsivenessFull(), c.maxOpenRequests(),
                Duration.ofDays(1), c.pageStaleAfter(), c.marginWindow(), c.targetMargin(), c.pricingFullDiscount(),
                c.maxPromotionDuration(), c.harmfulAskJoinWindow(), c.harmfulAskDuration());
        assertEquals(0.0, new RiskModel(oneDayWindow).assess(state, at).value(RiskModelConfig.RECIPROCITY),
                "the contribution is outside a one-day window");
    }

    private static void assertSame(RiskModel model, PartnerState state, long t, String where) {
        Instant at = Instant.ofEpochMilli(t);
        Assessment remembered = model.assess(state, at);
        Assessment fresh = model.assess(state.copy(), at);
        assertEquals(fresh, remembered, where + " at " + at);
        assertEquals(Fingerprint.of(remembered.score(), remembered.band(), remembered.factors(), remembered.reasons()),
                remembered.fingerprint(), "the fingerprint from the kept hashes is that of the parts");
    }

    /** Mostly an instant where something turns (or just before or after it), sometimes a step ahead. */
    private static long next(Random random, long t, TreeSet<Long> edges) {
        Long edge = edges.higher(t);
        if (edge != null && random.nextInt(3) > 0) {
            // not always the next one: sometimes several edges pass at once
            for (int skip = random.nextInt(3); skip > 0 && edges.higher(edge) != null; skip--) {
                edge = edges.higher(edge);
            }
            return edge + (random.nextInt(3) - 1);
        }
        return t + (random.nextInt(4) == 0 ? 0 : random.nextInt((int) (3 * DAY)));
    }

    private static void applyRandomEvent(PartnerState state, Random random, long t, int step, TreeSet<Long> edges) {
        // mostly at or before the clock (late events), sometimes ahead of it
        long at = t - (long) (random.nextDouble() * 20 * DAY) + (random.nextInt(8) == 0 ? (long) (random.nextDouble() * 5 * DAY) : 0);
        Instant when = Instant.ofEpochMilli(at);
        String id = "e" + step + "-" + random.nextInt(1_000);
        switch (random.nextInt(11)) {
            case 0 -> state.apply(sponsor(id, when, SponsorLevel.values()[random.nextInt(SponsorLevel.values().length)]));
            case 1 -> state.apply(request(id, when, random.nextBoolean() ? "Joint quote" : null));
            case 2 -> state.apply(escalation(id, when, "Escalated"));
            case 3 -> state.apply(response("r" + id, when, anyOpenRequest(state, random, id)));
            case 4 -> state.apply(contribution(id, when, random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND,
                    1_000 + random.nextInt(20_000)));
            case 5 -> {
                CrawlResult page = crawl("https://partner.example/" + random.nextInt(5), when,
                        random.nextInt(6) == 0 ? 404 : 200, PageKind.values()[random.nextInt(PageKind.values().length)],
                        random.nextBoolean(), random.nextBoolean());
                state.apply(page, random.nextBoolean() ? List.of("rival.example") : List.of());
            }
            case 6 -> state.apply(promotionStarted(id, "promo-" + random.nextInt(4), when, "SKU-1", 100.0,
                    60.0 + random.nextInt(35), random.nextInt(3) > 0 ? Boolean.FALSE : Boolean.TRUE));
            case 7 -> state.apply(promotionEnded(id, "promo-" + random.nextInt(4), when));
            case 8 -> state.apply(sale(id, when, 60 + random.nextInt(40), 100));
            case 9 -> state.apply(ask(id, "promo-" + random.nextInt(4), when, "Push our promotion"));
            default -> {
                PricingEvent sale = sale(id, when, 90, 100);
                state.apply(sale);
                state.apply(sale); // a duplicate changes nothing
            }
        }
        for (long window : windows()) {
            edges.add(at + window);
        }
        for (long d = 1; d <= 61; d++) {
            edges.add(at + d * DAY);
        }
    }

    private static String anyOpenRequest(PartnerState state, Random random, String fallback) {
        List<String> open = new ArrayList<>(state.getOpenRequests().keySet());
        return open.isEmpty() ? fallback : open.get(random.nextInt(open.size()));
    }

    private static List<Long> windows() {
        List<Long> w = new ArrayList<>();
        for (Duration d : List.of(Duration.ZERO, CFG.sponsorDowngradeWindow(), CFG.responsivenessGrace(),
                CFG.responsivenessFull(), CFG.reciprocityWindow(), CFG.pageStaleAfter(), CFG.marginWindow(),
                CFG.harmfulAskDuration(), CFG.maxPromotionDuration(), CFG.lateness())) {
            w.add(d.toMillis());
        }
        return w;
    }
}
