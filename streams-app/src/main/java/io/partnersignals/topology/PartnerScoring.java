package io.partnersignals.topology;

import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.model.AlertBands;
import io.partnersignals.model.Assessment;
import io.partnersignals.model.PartnerState;
import io.partnersignals.model.RiskModel;
import io.partnersignals.model.RiskModelConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keeps each partner's state, scores it when it changes, and re-scores partners whose score moves
 * with time alone (an unanswered request ageing, a window sliding past a fact), so that a partner
 * that has gone silent still rises. Publishes only when what a reader sees changes.
 *
 * <p>The scoring clock is event time: the latest event time this task has seen, kept in a store so
 * that a restarted or moved task resumes from it. In live use the wall clock can also move it
 * forward when no events arrive ({@link TopologySettings#idleAdvance()}).
 */
final class PartnerScoring implements Processor<String, PartnerSignal, String, Scored> {

    static final String CLOCK_KEY = "event-time";
    /** When the next due scan runs; kept so that a restarted task scans at the same times as one that never stopped. */
    static final String NEXT_SCAN_KEY = "next-scan";

    private final TopologySettings settings;
    private final RiskModelConfig config;
    private final RiskModel model;
    private final AlertBands alertBands;
    private final String stateStoreName;
    private final String dueStoreName;
    private final String clockStoreName;
    private final String partnersStoreName;
    private final RiskStore riskStore;
    private final ScoringMetrics metrics;
    /**
     * Replay: the state store is never read back (no changelog, no restore, no queries), so states
     * live only as objects in {@link #decoded} and are not encoded into the store on every change.
     */
    private final boolean statesAsObjects;

    private ProcessorContext<String, Scored> context;
    private KeyValueStore<String, PartnerState> states;
    private KeyValueStore<Bytes, byte[]> due;
    private KeyValueStore<String, Long> clock;
    private TimestampedKeyValueStore<String, Partner> partners;
    private KeyValueStore<String, byte[]> risks;
    private long now;
    private long nextScanAt;
    /**
     * Recently used partner states, decoded: the store holds every state and every update goes to it,
     * but decoding a state on each event was the largest single cost of scoring. A state is taken out
     * while it is worked on and put back only once it equals the stored one, so a record that fails
     * half-way (and goes to the dead letters) leaves nothing stale behind. Only this processor writes
     * the store. With {@link #statesAsObjects} this map holds every state and is never trimmed.
     */
    private Map<String, PartnerState> decoded = Map.of();

    /**
     * The store of each partner's latest score for interactive queries, and how a score is encoded
     * for it and for the topic (the same bytes).
     */
    record RiskStore(String name, String topic, Serializer<PartnerRisk> encoder) {}

    /** {@code riskStore} null: no latest score is kept and none is encoded (the scores go to a receiver). */
    PartnerScoring(TopologySettings settings, String stateStore, String dueStore, String clockStore,
                   String partnersStore, RiskStore riskStore, ScoringMetrics metrics) {
        this.settings = settings;
        this.config = settings.model();
        this.model = new RiskModel(config);
        this.alertBands = new AlertBands(config);
        this.stateStoreName = stateStore;
        this.dueStoreName = dueStore;
        this.clockStoreName = clockStore;
        this.partnersStoreName = partnersStore;
        this.riskStore = riskStore;
        this.metrics = metrics;
        this.statesAsObjects = !settings.stateStorage().readsStatesBack();
    }

    @Override
    public void init(ProcessorContext<String, Scored> context) {
        this.context = context;
        this.states = context.getStateStore(stateStoreName);
        this.due = context.getStateStore(dueStoreName);
        this.clock = context.getStateStore(clockStoreName);
        this.partners = context.getStateStore(partnersStoreName);
        this.risks = riskStore == null ? null : context.getStateStore(riskStore.name());
        // init also runs when a task is revived after its state was wiped: start from the store
        this.decoded = statesAsObjects ? new HashMap<>() : lruMap(settings.stateCacheSize());
        Long saved = clock.get(CLOCK_KEY);
        this.now = saved == null ? Long.MIN_VALUE : saved;
        Long scan = clock.get(NEXT_SCAN_KEY);
        this.nextScanAt = scan == null ? Long.MIN_VALUE : scan;
        if (settings.idleAdvance()) {
            context.schedule(settings.idleAdvanceInterval(), PunctuationType.WALL_CLOCK_TIME, wallClock -> {
                if (wallClock > now) {
                    advanceClock(wallClock);
                    scanDue();
                }
            });
        }
    }

    @Override
    public void process(Record<String, PartnerSignal> record) {
        advanceClock(record.timestamp());
        String partnerId = record.key();
        PartnerState stored = take(partnerId);
        PartnerState state = stored != null ? stored : new PartnerState(partnerId);
        // a record that fails half-way goes to the dead letters and must leave the state as it was: the
        // store still holds it, or, with states kept only as objects, the state takes its changes back
        boolean journal = statesAsObjects && stored != null;
        if (journal) {
            stored.startJournal();
        }
        try {
            // an event that changes nothing (a duplicate, an older crawl) publishes nothing
            if (record.value().applyTo(state)) {
                if (evaluate(partnerId, state)) {
                    metrics.eventToScore(record.timestamp());
                }
            } else if (stored != null) {
                decoded.put(partnerId, stored); // unchanged: still the stored state
            }
        } catch (RuntimeException e) {
            if (journal) {
                stored.takeBack();
                decoded.put(partnerId, stored);
            }
            throw e;
        }
        if (journal) {
            stored.endJournal();
        }
        if (now >= nextScanAt) {
            scanDue();
        }
    }

    private void advanceClock(long timestamp) {
        if (timestamp > now) {
            now = timestamp;
            clock.put(CLOCK_KEY, now);
        }
    }

    /** Re-scores every partner whose next time-driven change is due. */
    private void scanDue() {
        List<String> dueNow = new ArrayList<>();
        // only the entries due by now: an in-memory store copies the keys it iterates over, so all()
        // would cost a copy of the whole index per scan
        try (KeyValueIterator<Bytes, byte[]> it = now >= 0 && now < Long.MAX_VALUE
                ? due.range(DueIndex.FIRST, DueIndex.prefix(now + 1)) : due.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                if (DueIndex.dueAt(entry.key) > now) {
                    break;
                }
                dueNow.add(DueIndex.partnerId(entry.key));
            }
        }
        for (String partnerId : dueNow) {
            PartnerState state = take(partnerId);
            if (state != null) {
                try {
                    evaluate(partnerId, state);
                } catch (RuntimeException e) {
                    if (statesAsObjects) {
                        decoded.put(partnerId, state); // only pruned so far, which the next evaluation repeats
                    }
                    throw e;
                }
            }
        }
        nextScanAt = now + settings.scanInterval().toMillis();
        clock.put(NEXT_SCAN_KEY, nextScanAt);
    }

    /** Scores the partner at the clock's time; returns whether a new score was published. */
    private boolean evaluate(String partnerId, PartnerState state) {
        Instant at = Instant.ofEpochMilli(now);
        state.prune(now, config);
        Assessment assessment = model.assess(state, at);
        if (!statesAsObjects) {
            // live, only the cached states would keep them: about 2.5 KB each, for no gain that showed
            // above the spread of bench-live, against a memory target with little room
            state.forgetResults();
        }
        long fingerprint = assessment.fingerprint();
        boolean publish = state.getLastScore() == null || state.getLastFingerprint() != (state.isTextFingerprint()
                ? RiskRecords.textFingerprint(assessment) : fingerprint);
        if (publish) {
            PartnerRisk risk = RiskRecords.risk(partnerId, partnerName(partnerId), at, assessment,
                    state.getLastScore(), config.modelVersion());
            RiskBand from = state.getAlertBand();
            RiskBand to = alertBands.next(from, assessment.score());
            RiskAlert alert = to != from ? RiskRecords.alert(risk, from, to) : null;
            byte[] encoded = risks == null ? null : riskStore.encoder().serialize(riskStore.topic(), risk);
            context.forward(new Record<>(partnerId, new Scored(risk, encoded, RiskRecords.snapshot(risk), alert), now));
            if (risks != null) {
                risks.put(partnerId, encoded);
            }
            metrics.published(risk, alert);
            state.setLastScore(assessment.score());
            state.setLastFingerprint(fingerprint);
            state.setAlertBand(to);
        }
        if (state.isTextFingerprint()) {
            state.setLastFingerprint(fingerprint);
            state.setTextFingerprint(false);
        }
        long nextDue = state.nextChangeAfter(now, config, settings.rampStep().toMillis());
        if (nextDue != state.getNextDueAt()) {
            if (state.getNextDueAt() != Long.MAX_VALUE) {
                due.delete(DueIndex.key(state.getNextDueAt(), partnerId));
            }
            if (nextDue != Long.MAX_VALUE) {
                due.put(DueIndex.key(nextDue, partnerId), new byte[0]);
            }
            state.setNextDueAt(nextDue);
        }
        if (!statesAsObjects) {
            states.put(partnerId, state);
        }
        decoded.put(partnerId, state);
        return publish;
    }

    /** The partner's stored state, out of the cache until {@link #evaluate} has stored it again. */
    private PartnerState take(String partnerId) {
        PartnerState state = decoded.remove(partnerId);
        return state != null ? state : states.get(partnerId);
    }

    private static Map<String, PartnerState> lruMap(int capacity) {
        // capacity 0 keeps nothing: each put is evicted at once
        return new LinkedHashMap<>(Math.min(capacity, 1 << 16) + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PartnerState> eldest) {
                return size() > capacity;
            }
        };
    }

    private String partnerName(String partnerId) {
        ValueAndTimestamp<Partner> p = partners.get(partnerId);
        return p == null || p.value() == null ? null : p.value().getName();
    }
}
