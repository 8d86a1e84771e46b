package io.partnersignals.topology;

import static io.partnersignals.topology.Events.competitor;
import static io.partnersignals.topology.Events.partner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partnersignals.contract.RiskSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Coalesced publication (docs/design.md, Publication): each changed partner is scored once per
 * interval, at the point of its last change, which gives what replay had published by that point
 * of the input ({@link Subsequence}). computedAt is the time of that point: replay's own when replay
 * published at that change, later when the change left the assessment as it was.
 */
class CoalescedPublicationTest {

    private static final TopologySettings REPLAY = TopologySettings.defaults().withIdleAdvance(false);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @Test
    void eachPartnersLiveHistoryIsASubsequenceOfReplaysEndingInTheSameAssessment() {
        for (long seed = 1; seed <= 2; seed++) {
            List<Object> events = StateCacheTest.mixedEvents(new Random(seed), 30, 1_500);
            List<RiskSnapshot> replay = history(REPLAY, events, new Random(seed), 0);
            List<RiskSnapshot> live = history(REPLAY.withPublishInterval(INTERVAL), events, new Random(seed), 40);
            assertNull(Subsequence.firstBreak(live, replay));
            assertTrue(live.size() < replay.size() * 0.8, "coalescing publishes less: " + live.size() + " of " + replay.size());
            long exact = live.stream().filter(replay::contains).count();
            assertTrue(exact > live.size() / 2, "most live rows are replay's to the millisecond: " + exact + " of " + live.size());
        }
    }

    @Test
    void anIntervalOfZeroPublishesEveryChangeAsReplayDoes() {
        List<Object> events = StateCacheTest.mixedEvents(new Random(5), 30, 800);
        assertEquals(history(REPLAY, events, new Random(5), 0),
                history(REPLAY.withPublishInterval(Duration.ZERO), events, new Random(5), 7));
    }

    @Test
    void nothingIsPublishedBeforeTheIntervalEndsAndEveryChangedPartnerAtItsEnd() {
        List<Object> events = StateCacheTest.mixedEvents(new Random(9), 30, 300);
        try (PipelineDriver driver = new PipelineDriver(REPLAY.withPublishInterval(INTERVAL))) {
            feed(driver, events, new Random(9), 0);
            assertTrue(driver.history.isEmpty(), "no flush yet");
            driver.advanceWallClockTo(PipelineDriver.WALL_CLOCK.plus(INTERVAL));
            List<RiskSnapshot> rows = new ArrayList<>();
            driver.history.readRecordsToList().forEach(r -> rows.add(r.value()));
            long partners = events.stream().map(Events::partnerOf).distinct().count();
            assertEquals(partners, rows.size(), "one row per changed partner");
            assertEquals(partners, rows.stream().map(RiskSnapshot::getPartnerId).distinct().count());
            driver.advanceWallClockTo(PipelineDriver.WALL_CLOCK.plus(INTERVAL.multipliedBy(5)));
            assertTrue(driver.history.isEmpty(), "nothing changed since: nothing more");
        }
    }

    @Test
    void whileABacklogIsReadChangedPartnersArePublishedOncePerCatchUpIntervalAndStillAsReplayDoes() {
        List<Object> events = StateCacheTest.mixedEvents(new Random(21), 30, 1_500);
        TopologySettings catchingUp = REPLAY.withPublishInterval(INTERVAL).withCatchUpPublishInterval(INTERVAL.multipliedBy(5));
        List<RiskSnapshot> replay = history(REPLAY, events, new Random(21), 0);
        List<RiskSnapshot> live = history(REPLAY.withPublishInterval(INTERVAL), events, new Random(21), 40);
        List<RiskSnapshot> backlog = history(catchingUp, events, new Random(21), 40);
        assertNull(Subsequence.firstBreak(backlog, replay));
        assertTrue(backlog.size() < live.size() * 0.6, "event time runs days per wall-clock second here: "
                + backlog.size() + " rows against " + live.size() + " at every interval");
        try (PipelineDriver driver = new PipelineDriver(catchingUp)) {
            Instant wall = feed(driver, events.subList(0, 200), new Random(21), 0);
            driver.advanceWallClockTo(wall.plus(INTERVAL));
            assertTrue(!driver.history.readRecordsToList().isEmpty(), "the first flush publishes what changed");
            driver.send(events.get(200));
            driver.advanceWallClockTo(wall.plus(INTERVAL.multipliedBy(2)));
            assertTrue(driver.history.isEmpty(), "event time ran ahead of the wall clock: no flush yet");
            driver.advanceWallClockTo(wall.plus(INTERVAL.multipliedBy(3)));
            assertTrue(!driver.history.isEmpty(), "no event time passed in the last interval: caught up, flushed");
        }
    }

    static List<RiskSnapshot> history(TopologySettings settings, List<Object> events, Random flushes, int maxBetween) {
        try (PipelineDriver driver = new PipelineDriver(settings)) {
            Instant wall = feed(driver, events, flushes, maxBetween);
            driver.advanceWallClockTo(wall.plus(INTERVAL));
            List<RiskSnapshot> out = new ArrayList<>();
            driver.history.readRecordsToList().forEach(r -> out.add(r.value()));
            return out;
        }
    }

    /** Sends the events, advancing the wall clock by one interval after every 1 to maxBetween of them (never for 0). */
    private static Instant feed(PipelineDriver driver, List<Object> events, Random flushes, int maxBetween) {
        for (int p = 0; p < 30; p++) {
            driver.partners.pipeInput("p" + p, partner("p" + p, "Partner " + p));
        }
        driver.competitors.pipeInput("c1", competitor("c1", "Rival", "rival.example"));
        int next = maxBetween == 0 ? -1 : 1 + flushes.nextInt(maxBetween);
        Instant wall = PipelineDriver.WALL_CLOCK;
        for (Object e : events) {
            driver.send(e);
            if (--next == 0) {
                wall = wall.plus(INTERVAL);
                driver.advanceWallClockTo(wall);
                next = 1 + flushes.nextInt(maxBetween);
            }
        }
        return wall;
    }
}
