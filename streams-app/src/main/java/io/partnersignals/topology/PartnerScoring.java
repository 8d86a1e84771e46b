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
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.BytesSerializer;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each partner's facts, and scores a partner when its facts change or when time alone moves
 * its score (an unanswered request ageing, a window sliding past a fact), so that a partner that
 * has gone silent still rises. Publishes only when what a reader sees changes.
 *
 * <p>Each input updates the partner's facts at once, one fact-store entry per fact it changed. With a
 * publish interval of 0 the partner is scored there and then (replay: every change). Otherwise it is
 * noted as pending, with the event time of that change, in a logged store, and a wall-clock
 * punctuation scores every pending partner once per interval at the time of its last change: the
 * score replay makes at the same point of the input. A partner that time alone makes due at several
 * scans before a flush is scored once, at the last of them.
 *
 * <p>The scoring clock is event time: the latest event time this task has seen, kept in a store so
 * that a restarted or moved task resumes from it. In live use the wall clock can also move it
 * forward when no events arrive ({@link TopologySettings#idleAdvance()}).
 */
final class PartnerScoring implements Processor<String, PartnerSignal, String, Scored> {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerScoring.class);
    static final String CLOCK_KEY = "event-time";
    /** When the next due scan runs; kept so that a restarted task scans at the same times as one that never stopped. */
    static final String NEXT_SCAN_KEY = "next-scan";
    private static final BytesSerializer PREFIX = new BytesSerializer();
    /**
     * The model version in use, when it came from the model topic: its effectiveFrom and a hash of its
     * version and settings ({@link ScheduledModel#identity}), so that a restarted task goes on with it and
     * neither switches nor re-scores again.
     */
    static final String MODEL_FROM_KEY = "model-effective-from";
    static final String MODEL_VERSION_KEY = "model-version";

    /**
     * The stores the processor uses, by name. {@code risk} is null when scores go to a receiver; {@code history}
     * and {@code alertLog} are {@link PartnerHistory}'s, read for early warning.
     */
    record Stores(String facts, String published, String pending, String due, String clock, String partners,
                  String risk, String history, String alertLog) {}

    /** How a score is encoded for the latest-score store and the topic (the same bytes). */
    record RiskEncoding(String topic, Serializer<PartnerRisk> encoder) {}

    private final TopologySettings settings;
    /** The model of the application's configuration: in use before the first version of the model topic. */
    private final RiskModelConfig configured;
    /** The model in use, switched at the effectiveFrom of each version of the model topic ({@link #switchUpTo}). */
    private RiskModelConfig config;
    private RiskModel model;
    private AlertBands alertBands;
    /** Mixed into each fingerprint, so that a new version publishes even an unchanged score (0: the configured model). */
    private long versionMix;
    private final ModelSchedule models;
    private KeyValueStore<String, byte[]> modelStore;
    /** The accepted versions by effectiveFrom, as last read; {@link #scheduleRead} says which change of the store that was. */
    private NavigableMap<Long, ScheduledModel> schedule = new TreeMap<>();
    private long scheduleRead;
    /** The version in use: its effectiveFrom and identity; Long.MIN_VALUE and 0 for the configured model. */
    private long appliedFrom;
    private long appliedHash;
    private final Stores names;
    private final RiskEncoding encoding;
    private final ScoringMetrics metrics;
    private final long publishInterval;
    /** Replay: nothing reads the stores back, so facts live only as objects and no fact is written. */
    private final boolean factsAsObjects;

    private ProcessorContext<String, Scored> context;
    private KeyValueStore<Bytes, byte[]> facts;
    private KeyValueStore<String, byte[]> published;
    private KeyValueStore<String, Long> pendingStore;
    private KeyValueStore<String, byte[]> due;
    private KeyValueStore<String, Long> clock;
    private TimestampedKeyValueStore<String, Partner> partners;
    private KeyValueStore<String, byte[]> risks;
    private EarlyWarning earlyWarning;
    private long now;
    private long nextScanAt;
    /** The clock and the wall clock at the last flush punctuation, and the wall clock of the last flush. */
    private long checkedClock = Long.MIN_VALUE;
    private long checkedWallClock;
    private long flushedAt;
    /** Partners decoded from the fact store, most recently used last; every partner when facts live as objects. */
    private Map<String, PartnerState> states = Map.of();
    /**
     * The due index in memory, (time, partner) to whether it is a clean-up only. Its durable copy is
     * the due store, keyed by partner, so that a move is one changelog record and compaction keeps one
     * per partner; a scan reads only this (a RocksDB seek over a time-ordered queue's deleted head
     * was slow).
     */
    private final TreeMap<Bytes, Boolean> dueIndex = new TreeMap<>();
    /** Each partner's key in the due index. */
    private final Map<String, Bytes> dueKeys = new HashMap<>();
    /** Partners changed since they were last scored, with the event time of their last change. */
    private final Map<String, Long> pending = new LinkedHashMap<>();
    /** How far behind the clock an event may be and still be applied. */
    private final long lateness;

    PartnerScoring(TopologySettings settings, Stores stores, RiskEncoding encoding, ScoringMetrics metrics,
                   ModelSchedule models) {
        this.settings = settings;
        this.configured = settings.model();
        this.models = models;
        use(null);
        this.names = stores;
        this.encoding = encoding;
        this.metrics = metrics;
        this.publishInterval = settings.publishInterval().toMillis();
        this.lateness = settings.model().lateness().toMillis();
        this.factsAsObjects = !settings.stateStorage().readsStatesBack();
    }

    @Override
    public void init(ProcessorContext<String, Scored> context) {
        this.context = context;
        this.facts = context.getStateStore(names.facts());
        this.published = context.getStateStore(names.published());
        this.pendingStore = context.getStateStore(names.pending());
        this.due = context.getStateStore(names.due());
        this.clock = context.getStateStore(names.clock());
        this.partners = context.getStateStore(names.partners());
        this.risks = names.risk() == null ? null : context.getStateStore(names.risk());
        this.earlyWarning = new EarlyWarning(context.getStateStore(names.history()),
                context.getStateStore(names.alertLog()), settings.historyRetention());
        // init also runs when a task is revived after its state was wiped: start from the stores
        this.states = factsAsObjects ? new HashMap<>() : lruMap(settings.stateCacheSize());
        dueIndex.clear();
        dueKeys.clear();
        try (KeyValueIterator<String, byte[]> it = due.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                Bytes key = DueIndex.key(DueIndex.dueAt(entry.value), entry.key);
                dueIndex.put(key, DueIndex.cleanUpOnly(entry.value));
                dueKeys.put(entry.key, key);
            }
        }
        // what a crashed, stopped or moved task had not published yet: its first flush publishes it
        pending.clear();
        try (KeyValueIterator<String, Long> it = pendingStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> entry = it.next();
                pending.put(entry.key, entry.value);
            }
        }
        checkedClock = Long.MIN_VALUE;
        flushedAt = 0;
        Long saved = clock.get(CLOCK_KEY);
        this.now = saved == null ? Long.MIN_VALUE : saved;
        Long scan = clock.get(NEXT_SCAN_KEY);
        this.nextScanAt = scan == null ? Long.MIN_VALUE : scan;
        // the version in use when the task stopped; its model is read with the schedule, before anything is scored
        modelStore = context.getStateStore(models.storeName());
        use(null);
        Long from = clock.get(MODEL_FROM_KEY);
        Long hash = clock.get(MODEL_VERSION_KEY);
        appliedFrom = from == null ? Long.MIN_VALUE : from;
        appliedHash = from == null || hash == null ? 0 : hash;
        schedule = new TreeMap<>();
        scheduleRead = -1;
        if (settings.idleAdvance()) {
            context.schedule(settings.idleAdvanceInterval(), PunctuationType.WALL_CLOCK_TIME, wallClock -> {
                followSchedule();
                if (wallClock > now) {
                    switchUpTo(wallClock);
                    advanceClock(wallClock);
                    scanDue();
                }
            });
        }
        if (publishInterval > 0) {
            context.schedule(settings.publishInterval(), PunctuationType.WALL_CLOCK_TIME, wallClock -> {
                followSchedule();
                maybeFlush(wallClock);
            });
        }
    }

    @Override
    public void process(Record<String, PartnerSignal> record) {
        if (now != Long.MIN_VALUE && record.timestamp() < now - lateness) {
            // the windows have moved on: applied now, it would count as older than anything scored so far
            throw new InvalidRecordException("event time " + Instant.ofEpochMilli(record.timestamp()) + " is "
                    + behind(now - record.timestamp()) + " behind this partition's scoring clock ("
                    + Instant.ofEpochMilli(now) + "); events more than model.lateness (" + configured.lateness()
                    + ") late are refused");
        }
        followSchedule();
        switchUpTo(record.timestamp());
        advanceClock(record.timestamp());
        String partnerId = record.key();
        PartnerState state = load(partnerId);
        FactWrites changes = new FactWrites();
        try {
            // an event that changes nothing (a duplicate, an older crawl) scores nothing
            if (record.value().applyTo(state, changes)) {
                for (PartnerState.Facts kind : model.limit(state, changes)) {
                    metrics.factDropped(kind, partnerId);
                }
                if (settle(partnerId, state, changes, true)) {
                    metrics.eventToScore(record.timestamp());
                }
            }
        } catch (RuntimeException e) {
            // the record goes to the dead letters and must leave no trace
            changes.undo(state);
            throw e;
        }
        if (now >= nextScanAt) {
            scanDue();
        }
    }

    @Override
    public void close() {
        // a revived task starts from its stores (init), not from what this object remembers
        states = Map.of();
    }

    private static String behind(long millis) {
        long days = millis / 86_400_000L;
        return days >= 2 ? days + " days" : java.time.Duration.ofMillis(millis).toString().substring(2).toLowerCase();
    }

    /** Scores with {@code version}'s model from now on; null: the model of the application's configuration. */
    private void use(ScheduledModel version) {
        config = version == null ? configured : version.config();
        model = new RiskModel(config);
        alertBands = new AlertBands(config);
        versionMix = config.modelVersion().equals(configured.modelVersion()) ? 0 : ScheduledModel.hash(config.modelVersion());
    }

    /**
     * Reads the schedule again when the global store of model versions changed since the last read (a
     * counter, not a store read, per record). A restarted task takes up the version it used; a version
     * that took effect before the clock and was not in use yet (it came late, or the one in use was
     * withdrawn) is switched to at the clock's time.
     */
    private void followSchedule() {
        long generation = models.generation();
        if (generation == scheduleRead) {
            return;
        }
        scheduleRead = generation;
        schedule = models.read(modelStore);
        if (appliedFrom != Long.MIN_VALUE && config == configured) {
            ScheduledModel inUse = schedule.get(appliedFrom);
            if (inUse != null && inUse.identity() == appliedHash) {
                use(inUse);
            }
        }
        if (now == Long.MIN_VALUE) {
            return;
        }
        Map.Entry<Long, ScheduledModel> active = schedule.floorEntry(now);
        if (!inUse(active == null ? null : active.getValue())) {
            switchTo(active == null ? null : active.getValue());
        }
    }

    /**
     * Before the clock moves to {@code timestamp}: at each version's effectiveFrom on the way, settles what
     * was due before it with the model in use, then switches at that time.
     */
    private void switchUpTo(long timestamp) {
        Long next;
        while ((next = schedule.higherKey(now)) != null && next <= timestamp) {
            if (now != Long.MIN_VALUE && next - 1 > now) {
                now = next - 1;
                scanDue();
            }
            now = next;
            clock.put(CLOCK_KEY, now);
            switchTo(schedule.get(next));
        }
    }

    private boolean inUse(ScheduledModel version) {
        return version == null ? appliedFrom == Long.MIN_VALUE
                : appliedFrom == version.effectiveFrom() && appliedHash == version.identity();
    }

    /**
     * Switches to {@code version} (null: the configured model) at the clock's time: every partner of the
     * task is re-scored once, now (publish interval 0) or at the next flush (marked pending, durably), and
     * the switch is remembered, so that a restarted task neither re-scores again nor misses it.
     */
    private void switchTo(ScheduledModel version) {
        if (inUse(version)) {
            return;
        }
        use(version);
        if (version == null) {
            appliedFrom = Long.MIN_VALUE;
            appliedHash = 0;
            clock.delete(MODEL_FROM_KEY);
            clock.delete(MODEL_VERSION_KEY);
        } else {
            appliedFrom = version.effectiveFrom();
            appliedHash = version.identity();
            clock.put(MODEL_FROM_KEY, appliedFrom);
            clock.put(MODEL_VERSION_KEY, appliedHash);
        }
        TreeSet<String> partnerIds = new TreeSet<>(pending.keySet());
        try (KeyValueIterator<String, byte[]> it = published.all()) {
            while (it.hasNext()) {
                partnerIds.add(it.next().key);
            }
        }
        LOG.info("scoring switches to model {} at {}: {} partners re-scored", config.modelVersion(),
                Instant.ofEpochMilli(now), partnerIds.size());
        for (String partnerId : partnerIds) {
            update(partnerId, true);
        }
    }

    private void advanceClock(long timestamp) {
        if (timestamp > now) {
            now = timestamp;
            clock.put(CLOCK_KEY, now);
        }
    }

    /**
     * A partner's facts changed at the clock's time (an input, or time alone): drops what left every
     * window, moves its entry in the due index, and, for a re-score, scores it now or notes it as
     * pending (a clean-up only drops facts that no window sees, which changes nothing a reader sees).
     * Writes the changed facts last, so that a failure before leaves store and state as they were.
     * Returns whether a score was published.
     */
    private boolean settle(String partnerId, PartnerState state, FactWrites changes, boolean rescore) {
        model.prune(state, now, changes);
        RiskModel.Next next = model.nextAfter(state, now, settings.rampStep().toMillis());
        boolean publishedNow = false;
        if (rescore && publishInterval == 0) {
            publishedNow = evaluate(partnerId, state, now);
        } else if (rescore) {
            pending.put(partnerId, now);
            pendingStore.put(partnerId, now);
        }
        schedule(partnerId, next);
        if (!factsAsObjects) {
            changes.writeTo(facts, partnerId);
        }
        return publishedNow;
    }

    /** Moves the partner's due-index entry to the sooner of its next change (re-score) and its next clean-up. */
    private void schedule(String partnerId, RiskModel.Next next) {
        boolean cleanUpOnly = next.prune() < next.change();
        long nextDue = Math.min(next.change(), next.prune());
        Bytes current = dueKeys.get(partnerId);
        if (current != null) {
            if (DueIndex.dueAt(current) == nextDue && cleanUpOnly == dueIndex.get(current)) {
                return;
            }
            dueIndex.remove(current);
            dueKeys.remove(partnerId);
        }
        if (nextDue != Long.MAX_VALUE) {
            Bytes key = DueIndex.key(nextDue, partnerId);
            due.put(partnerId, DueIndex.value(nextDue, cleanUpOnly));
            dueIndex.put(key, cleanUpOnly);
            dueKeys.put(partnerId, key);
        } else if (current != null) {
            due.delete(partnerId);
        }
    }

    /**
     * Settles every partner whose next time-driven change is due, in the order of those times, and
     * cleans up those due for that only. A clean-up whose scan comes after the partner's next change
     * is a re-score at that change's time.
     */
    private void scanDue() {
        List<Bytes> rescores = new ArrayList<>();
        List<String> toCleanUp = new ArrayList<>();
        // keys sort by time only for times >= 0 (big-endian, signed)
        Map<Bytes, Boolean> candidates = now >= 0 && now < Long.MAX_VALUE
                ? dueIndex.headMap(DueIndex.prefix(now + 1)) : dueIndex;
        for (Map.Entry<Bytes, Boolean> entry : candidates.entrySet()) {
            long at = DueIndex.dueAt(entry.getKey());
            if (at > now) {
                continue;
            }
            String partnerId = DueIndex.partnerId(entry.getKey());
            if (!entry.getValue()) {
                rescores.add(entry.getKey());
                continue;
            }
            long change = model.nextChangeAfter(load(partnerId), at, settings.rampStep().toMillis());
            if (change <= now) {
                rescores.add(DueIndex.key(change, partnerId));
            } else {
                toCleanUp.add(partnerId);
            }
        }
        rescores.sort(null);
        for (String partnerId : toCleanUp) {
            update(partnerId, false);
        }
        for (Bytes key : rescores) {
            update(DueIndex.partnerId(key), true);
        }
        nextScanAt = now + settings.scanInterval().toMillis();
        clock.put(NEXT_SCAN_KEY, nextScanAt);
    }

    /** Settles the partner (rescore) or only cleans it up, taking the changes back if that fails. */
    private void update(String partnerId, boolean rescore) {
        PartnerState state = load(partnerId);
        FactWrites changes = new FactWrites();
        try {
            settle(partnerId, state, changes, rescore);
        } catch (RuntimeException e) {
            changes.undo(state);
            throw e;
        }
    }

    /**
     * Flushes at every publish interval, except while the task reads a backlog: then event time runs far
     * ahead of the wall clock, a partner's next change (an input, or a day of a rising ramp) comes within
     * wall-clock milliseconds, and flushing at most once per catch-up interval scores each partner once
     * for many of its changes, at the last of them, as at any flush.
     */
    private void maybeFlush(long wallClock) {
        boolean catchingUp = now != Long.MIN_VALUE && checkedClock != Long.MIN_VALUE
                && now - checkedClock > TopologySettings.CATCH_UP_SPEED * Math.max(1, wallClock - checkedWallClock);
        checkedClock = now;
        checkedWallClock = wallClock;
        if (catchingUp && wallClock - flushedAt < settings.catchUpPublishInterval().toMillis()) {
            return;
        }
        flushedAt = wallClock;
        flush();
    }

    /**
     * Scores every pending partner at the time of its last change. A partner leaves the pending set only
     * once it is scored, so an exception that ends the flush (a fenced producer, a migrated task) leaves
     * the rest pending, in memory and in the store.
     */
    private void flush() {
        for (Map.Entry<String, Long> entry : new ArrayList<>(pending.entrySet())) {
            String partnerId = entry.getKey();
            Assessment assessment;
            PartnerState state = load(partnerId);
            try {
                assessment = model.assess(state, Instant.ofEpochMilli(entry.getValue()));
            } catch (RuntimeException e) {
                // a bug in the model for one partner: the others are still published; its next change retries
                assessment = null;
                metrics.scoringFailed();
                LOG.error("Scoring partner {} failed; it is scored again at its next change", partnerId, e);
            }
            if (assessment != null && publish(partnerId, assessment, entry.getValue())) {
                metrics.eventToScore(entry.getValue());
            }
            pendingStore.delete(partnerId);
            pending.remove(partnerId);
        }
    }

    /** Scores the partner's facts at event time {@code at}; returns whether a new score was published. */
    private boolean evaluate(String partnerId, PartnerState state, long at) {
        return publish(partnerId, model.assess(state, Instant.ofEpochMilli(at)), at);
    }

    /** Publishes the assessment made at event time {@code at} if a reader would see a change; returns whether it did. */
    private boolean publish(String partnerId, Assessment assessment, long at) {
        metrics.evaluated();
        Published last = Published.decode(published.get(partnerId));
        long fingerprint = assessment.fingerprint() ^ versionMix;
        if (last != null && last.fingerprint() == fingerprint) {
            return false;
        }
        PartnerRisk risk = RiskRecords.risk(partnerId, partnerName(partnerId), Instant.ofEpochMilli(at), assessment,
                last == null ? null : last.score(), config.modelVersion());
        RiskBand from = last == null ? RiskBand.GREEN : last.alertBand();
        RiskBand to = alertBands.next(from, assessment.score());
        RiskAlert bandChange = to != from ? RiskRecords.alert(risk, from, to) : null;
        // the history of this partner's earlier publications is in the stores: PartnerHistory wrote each as it was forwarded
        RiskAlert deterioration = earlyWarning.check(model, risk, assessment);
        List<RiskAlert> alerts = bandChange == null && deterioration == null ? List.of() : new ArrayList<>(2);
        if (bandChange != null) {
            alerts.add(bandChange);
        }
        if (deterioration != null) {
            alerts.add(deterioration);
        }
        byte[] encoded = risks == null ? null : encoding.encoder().serialize(encoding.topic(), risk);
        context.forward(new Record<>(partnerId, new Scored(risk, encoded, RiskRecords.snapshot(risk), alerts), at));
        metrics.published(risk, alerts);
        if (risks != null) {
            risks.put(partnerId, encoded);
        }
        published.put(partnerId, new Published(assessment.score(), to, fingerprint).encode());
        return true;
    }

    /** The partner's facts: decoded already, or read from the fact store with one prefix scan. */
    private PartnerState load(String partnerId) {
        PartnerState state = states.get(partnerId);
        if (state != null) {
            return state;
        }
        state = new PartnerState(partnerId);
        if (!factsAsObjects) {
            Bytes prefix = FactCodec.partnerPrefix(partnerId);
            int length = prefix.get().length;
            try (KeyValueIterator<Bytes, byte[]> it = facts.prefixScan(prefix, PREFIX)) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> entry = it.next();
                    PartnerState.Facts kind = FactCodec.kind(entry.key, length);
                    String id = FactCodec.factId(entry.key, length);
                    state.facts(kind).put(id, FactCodec.decode(kind, id, entry.value));
                }
            }
        }
        states.put(partnerId, state);
        return state;
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
