package io.partnersignals.model;

import static io.partnersignals.model.Fixtures.CFG;
import static io.partnersignals.model.Fixtures.contribution;
import static io.partnersignals.model.Fixtures.crawl;
import static io.partnersignals.model.Fixtures.day;
import static io.partnersignals.model.Fixtures.promotionEnded;
import static io.partnersignals.model.Fixtures.promotionStarted;
import static io.partnersignals.model.Fixtures.request;
import static io.partnersignals.model.Fixtures.response;
import static io.partnersignals.model.Fixtures.sale;
import static io.partnersignals.model.Fixtures.sponsor;
import static io.partnersignals.model.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.model.PartnerState.Facts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What follows from the factors' window declarations: which facts a state may forget, when time alone
 * changes a score next, and which facts go first when a partner is over a per-partner limit.
 */
class FactWindowsTest {

    private static final RiskModel MODEL = new RiskModel(CFG);
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long GRACE = CFG.lateness().toMillis();

    /** Records every change it is told of, as the fact store would write it. */
    private static final class Recorded implements FactChanges {
        final List<String> log = new ArrayList<>();

        @Override
        public void put(Facts kind, String id, Object fact, Object before) {
            log.add("put " + kind + " " + id);
        }

        @Override
        public void removed(Facts kind, String id, Object before) {
            log.add("removed " + kind + " " + id);
        }
    }

    @Test
    void aFactIsDroppedOnlyOnceItHasLeftItsWindowByMoreThanTheGrace() {
        PartnerState s = state();
        s.apply(contribution("c-1", day(0), Direction.OUTBOUND, 100));
        s.apply(sale("s-1", day(0), 80, 100));
        long contributionGone = day(0).toEpochMilli() + CFG.reciprocityWindow().toMillis() + GRACE;
        Recorded changes = new Recorded();
        MODEL.prune(s, contributionGone, changes);
        assertEquals(List.of("removed SALES s-1"), changes.log, "the sale's 30-day window passed long ago");
        MODEL.prune(s, contributionGone + 1, changes);
        assertEquals(List.of("removed SALES s-1", "removed CONTRIBUTIONS c-1"), changes.log);
        assertTrue(s.isEmpty());
    }

    @Test
    void theLatestSponsorChangeBeforeTheWindowStaysAsTheLevelItStartsFrom() {
        PartnerState s = state();
        s.apply(sponsor("s-1", day(0), SponsorLevel.EXECUTIVE));
        s.apply(sponsor("s-2", day(1), SponsorLevel.MANAGER));
        Recorded changes = new Recorded();
        MODEL.prune(s, day(400).toEpochMilli(), changes);
        assertEquals(List.of("removed SPONSOR_CHANGES s-1"), changes.log);
        assertEquals(List.of("s-2"), List.copyOf(s.getSponsorChanges().keySet()));
    }

    @Test
    void openRequestsStayUntilAnsweredAndAnswersForTheFullAge() {
        PartnerState s = state();
        s.apply(request("r-1", day(0), null));
        s.apply(response("x-1", day(0), "r-0"));
        MODEL.prune(s, day(59).toEpochMilli(), FactChanges.NONE);
        assertEquals(1, s.getAnswered().size());
        MODEL.prune(s, day(400).toEpochMilli(), FactChanges.NONE);
        assertEquals(0, s.getAnswered().size(), "an answer is kept for the full age");
        assertEquals(1, s.getOpenRequests().size(), "a request stays open until answered");
    }

    @Test
    void theNextChangeIsTheNearestEdgeOfAnyWindowOrTheNextStepOfARisingValue() {
        PartnerState s = state();
        s.apply(contribution("c-1", day(0), Direction.OUTBOUND, 100));
        long t = day(0).toEpochMilli();
        assertEquals(t + CFG.reciprocityWindow().toMillis(), MODEL.nextChangeAfter(s, t, DAY));
        s.apply(request("r-1", day(1), null));
        long rampStart = day(1).toEpochMilli() + CFG.responsivenessGrace().toMillis();
        assertEquals(rampStart, MODEL.nextChangeAfter(s, day(1).toEpochMilli(), DAY), "before the ramp: its start");
        long onRamp = rampStart + DAY / 3;
        assertEquals(Math.floorDiv(onRamp, DAY) * DAY + DAY, MODEL.nextChangeAfter(s, onRamp, DAY),
                "on the ramp: the next step of the grid");
        s.apply(promotionStarted("e-1", "P-1", day(2), "SKU", 100.0, 80.0, false));
        s.apply(promotionEnded("e-2", "P-1", day(3)));
        assertEquals(day(3).toEpochMilli(), MODEL.nextChangeAfter(s, day(2).toEpochMilli(), DAY), "the promotion ends");
        assertEquals(Long.MAX_VALUE, MODEL.nextChangeAfter(state(), t, DAY), "no facts, no change");
    }

    @Test
    void overItsLimitAPartnerKeepsTheOldestRequestsTheLatestPagesAndTheLongestRunningPromotions() {
        RiskModel limited = new RiskModel(CFG.withLimits(2, 3, 2));
        PartnerState s = state();
        Random random = new Random(3);
        List<Integer> days = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
        java.util.Collections.shuffle(days, random);
        for (int d : days) {
            s.apply(request("r-" + d, day(d), null));
            s.apply(crawl("https://p.example/" + d, day(d), 200, PageKind.GENERAL, true, true), List.of());
            s.apply(promotionStarted("e-" + d, "P-" + d, day(d), "SKU", 100.0, 80.0, false));
        }
        s.apply(promotionEnded("x-7", "P-7", day(9)));
        Recorded changes = new Recorded();
        List<Facts> dropped = limited.limit(s, changes);
        assertEquals(6 + 5 + 6, dropped.size());
        assertEquals(List.of("r-0", "r-1"), List.copyOf(s.getOpenRequests().keySet()));
        assertEquals(List.of("https://p.example/5", "https://p.example/6", "https://p.example/7"),
                List.copyOf(s.getPages().keySet()));
        assertEquals(List.of("P-5", "P-6"), List.copyOf(s.getPromotions().keySet()),
                "the ones that run longest: P-7 ended first, the others leave in start order");
        assertEquals(dropped.size(), changes.log.size(), "every drop is a change the store hears of");
        assertTrue(limited.limit(s, changes).isEmpty(), "within the limits nothing more goes");
    }

    @Test
    void anUpdateNamesExactlyTheFactsItChanged() {
        PartnerState s = state();
        Recorded changes = new Recorded();
        s.apply(request("r-1", day(0), null), changes);
        s.apply(request("r-1", day(0), null), changes);
        s.apply(response("x-1", day(1), "r-1"), changes);
        s.apply(response("x-2", day(2), "r-1"), changes);
        s.apply(crawl("https://p.example/a", day(1), 200, PageKind.GENERAL, true, false), List.of(), changes);
        s.apply(crawl("https://p.example/a", day(0), 200, PageKind.GENERAL, true, true), List.of(), changes);
        assertEquals(List.of("put OPEN_REQUESTS r-1", "put ANSWERED r-1", "removed OPEN_REQUESTS r-1",
                "put PAGES https://p.example/a"), changes.log, "duplicates, later answers and older crawls change nothing");
    }

    @Test
    void theNextCleanUpIsWhenTheFirstFactWouldBeDropped() {
        PartnerState s = state();
        s.apply(sale("s-1", day(0), 80, 100));
        s.apply(request("r-1", day(0), null));
        long dropAt = day(0).toEpochMilli() + CFG.marginWindow().toMillis() + GRACE + 1;
        assertEquals(dropAt, MODEL.nextPruneAfter(s, day(1).toEpochMilli()));
        Recorded changes = new Recorded();
        MODEL.prune(s, dropAt - 1, changes);
        assertTrue(changes.log.isEmpty(), "not a moment before");
        MODEL.prune(s, dropAt, changes);
        assertEquals(List.of("removed SALES s-1"), changes.log);
        assertEquals(Long.MAX_VALUE, MODEL.nextPruneAfter(s, dropAt), "an open request never leaves by time alone");
    }
}
