package io.partnersignals.topology;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.PricingEventType;
import io.partnersignals.model.PartnerState;
import io.partnersignals.registry.SchemaRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The partner-signals pipeline, built by the one function that the live application, replay and
 * the tests share. Every processor, store and internal topic is named.
 *
 * <pre>
 * crm.activity ──decode──┐                     ┌─ inbound requests about a promotion ─┐
 * web.crawl ─────decode──┼─ key by partner ────┤                                      ├─ harmful-ask join (14 d)
 * pricing.events─decode──┘   (bad → DLQ)       └─ promotions that exclude us ─────────┘
 *                         crawl × competitors (global table)
 *      all signals ─► partner-scoring (facts, pending, published, due index, clock; partners table for names;
 *                     reads partner-history and partner-alert-log for early warning)
 *                  ─► partner.risk, partner.risk.history, partner.risk.alerts (band changes, deteriorations)
 *                     (every change, or each changed partner once per publish interval)
 *                  ─► partner-history-recorder (partner-history: last score of each day; partner-alert-log)
 * partner-signals.model ─check─► partner-signals.model.accepted ─► global store of model versions (every instance)
 *                        (bad → DLQ)                               read by partner-scoring, which switches at effectiveFrom
 * </pre>
 */
public final class PartnerSignalsTopology {

    /** One entry per fact of each partner ({@link FactCodec}). */
    public static final String FACT_STORE = "partner-facts";
    /** What was last published for each partner ({@link Published}). */
    public static final String PUBLISHED_STORE = "partner-published";
    /** Partners changed and not yet published, with the event time of their last change. */
    public static final String PENDING_STORE = "partner-pending";
    public static final String DUE_STORE = "partner-due";
    public static final String CLOCK_STORE = "partner-scoring-clock";
    public static final String PARTNERS_STORE = "partners-store";
    public static final String COMPETITORS_STORE = "competitors-store";
    public static final String HARMFUL_ASK_JOIN_STORE = "harmful-ask-join-store";
    /**
     * The latest score of each partner, as the bytes of its partner.risk record (Confluent wire format):
     * what interactive queries read, decoding with the topic's value serde.
     */
    public static final String RISK_STORE = "partner-risk-store";
    /**
     * Every partner's notes on every instance (a global store, in memory, read whole at each start): key
     * {@code partnerId/noteId}, value the bytes of its partner.notes record (Confluent wire format).
     */
    public static final String NOTES_STORE = "partner-notes";
    /**
     * Each partner's last published score of each UTC day and its alerts, for the history retention
     * ({@link PartnerHistory}); in the scoring task, so the owner of a partner's score holds them too.
     */
    public static final String HISTORY_STORE = "partner-history";
    public static final String ALERT_LOG_STORE = "partner-alert-log";
    /**
     * The accepted model versions on every instance (a global store, in memory, read whole at each start):
     * key the version, value the bytes of its ModelSettings record (Confluent wire format).
     */
    public static final String MODEL_STORE = "partner-signals-models";

    private PartnerSignalsTopology() {
    }

    public static Topology build(TopologySettings settings, SchemaRegistry registry) {
        return build(settings, registry, new Properties());
    }

    /**
     * Builds the topology with the application's Kafka Streams properties (topology-level settings
     * such as optimizations apply). Explicit naming of internal resources is always enforced:
     * building fails if any store, changelog or repartition topic would get a generated name.
     */
    public static Topology build(TopologySettings settings, SchemaRegistry registry, Properties streamsProperties) {
        return build(settings, registry, streamsProperties, ScoringMetrics.discarding());
    }

    public static Topology build(TopologySettings settings, SchemaRegistry registry, Properties streamsProperties,
                                 ScoringMetrics metrics) {
        return build(settings, registry, streamsProperties, metrics, null);
    }

    /**
     * As {@link #build(TopologySettings, SchemaRegistry, Properties, ScoringMetrics)}; with a
     * {@code receiver}, scores go to it instead of the three output topics and the latest-score store is not
     * kept (replay: the same processors, without encoding every score); the history stores are, in memory and
     * unlogged, because early warning reads them.
     */
    public static Topology build(TopologySettings settings, SchemaRegistry registry, Properties streamsProperties,
                                 ScoringMetrics metrics, ScoreReceiver receiver) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "partner-signals");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        props.putAll(streamsProperties);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        boolean inMemory = settings.stateStorage().inMemory();
        boolean logged = settings.stateStorage().logged();
        if (inMemory) {
            props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
        }
        Topics topics = new Topics(settings.topics(), registry);
        DeadLetterRecords deadLetters = props.get(DeadLetterHandlers.DEAD_LETTERS) instanceof DeadLetterRecords d ? d
                : new DeadLetterRecords(topics.deadLetters, DeadLetterRecords.DEFAULT_MAX_BYTES);
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));

        Materialized<String, io.partnersignals.contract.Partner, KeyValueStore<Bytes, byte[]>> partnersStore =
                Materialized.<String, io.partnersignals.contract.Partner>as(inMemory
                                ? Stores.inMemoryKeyValueStore(PARTNERS_STORE)
                                : Stores.persistentTimestampedKeyValueStore(PARTNERS_STORE))
                        .withKeySerde(topics.partners.keySerde())
                        .withValueSerde(topics.partners.valueSerde());
        builder.table(topics.partners.name(),
                Consumed.with(topics.partners.keySerde(), topics.partners.valueSerde()).withName("partners-source"),
                logged ? partnersStore : partnersStore.withLoggingDisabled());
        builder.globalTable(topics.competitors.name(),
                Consumed.with(topics.competitors.keySerde(), topics.competitors.valueSerde()).withName("competitors-source"),
                Materialized.<String, io.partnersignals.contract.Competitor>as(Stores.inMemoryKeyValueStore(COMPETITORS_STORE))
                        .withKeySerde(topics.competitors.keySerde())
                        .withValueSerde(topics.competitors.valueSerde()));

        boolean rekey = settings.stateStorage().rekeys();
        KStream<String, CrmActivity> crm = decoded(builder, topics, topics.crmActivity, InputRules.CRM_ACTIVITY,
                "crm-activity", settings.maxFutureSkew(), rekey, metrics, deadLetters);
        KStream<String, CrawlResult> crawl = decoded(builder, topics, topics.webCrawl, InputRules.CRAWL_RESULT,
                "web-crawl", settings.maxFutureSkew(), rekey, metrics, deadLetters);
        KStream<String, PricingEvent> pricing = decoded(builder, topics, topics.pricingEvents,
                InputRules.PRICING_EVENT, "pricing-events", settings.maxFutureSkew(), rekey, metrics, deadLetters);

        // harmfulAsk: an inbound request about a promotion that excludes us, near the promotion's start
        KStream<String, CrmActivity> asks = crm.filter((id, a) -> a.getType() == ActivityType.REQUEST
                && a.getDirection() == Direction.INBOUND && a.getPromotionId() != null, Named.as("inbound-promotion-requests"));
        KStream<String, PricingEvent> exclusions = pricing.filter((id, e) -> e.getType() == PricingEventType.PROMOTION_STARTED
                && Boolean.FALSE.equals(e.getEligibleForUs()), Named.as("promotions-excluding-us"));
        Duration window = settings.model().harmfulAskJoinWindow();
        StreamJoined<String, CrmActivity, PricingEvent> joined = StreamJoined.with(topics.crmActivity.keySerde(),
                        topics.crmActivity.valueSerde(), topics.pricingEvents.valueSerde())
                .withName("harmful-ask-join")
                .withStoreName(HARMFUL_ASK_JOIN_STORE);
        KStream<String, PartnerSignal> harmfulAsks = asks
                .join(exclusions,
                        (request, promotion) -> request.getPromotionId().equals(promotion.getPromotionId())
                                ? (PartnerSignal) new PartnerSignal.Ask(new PartnerState.HarmfulAsk(request.getActivityId(),
                                        request.getPromotionId(), request.getOccurredAt().toEpochMilli(), request.getSubject()))
                                : null,
                        JoinWindows.ofTimeDifferenceAndGrace(window, settings.model().lateness()),
                        logged ? joined.withLoggingEnabled(Map.of()) : joined.withLoggingDisabled())
                .filter((id, signal) -> signal != null, Named.as("harmful-asks-same-promotion"));

        KStream<String, PartnerSignal> signals = crm
                .mapValues(a -> (PartnerSignal) new PartnerSignal.Activity(a), Named.as("crm-activity-signals"))
                .merge(crawl.processValues(() -> new CompetitorLinks(COMPETITORS_STORE), Named.as("crawl-competitor-links")),
                        Named.as("merge-crawl-signals"))
                .merge(pricing.mapValues(e -> (PartnerSignal) new PartnerSignal.Pricing(e), Named.as("pricing-signals")),
                        Named.as("merge-pricing-signals"))
                .merge(harmfulAsks, Named.as("merge-harmful-ask-signals"));

        builder.addStateStore(logged(Stores.keyValueStoreBuilder(keyValueStore(FACT_STORE, inMemory),
                Serdes.Bytes(), Serdes.ByteArray()), logged));
        builder.addStateStore(logged(Stores.keyValueStoreBuilder(keyValueStore(PUBLISHED_STORE, inMemory),
                Serdes.String(), Serdes.ByteArray()), logged));
        // a partner changed several times within a commit interval is one changelog record, or none when
        // it is published before the commit
        builder.addStateStore(logged(Stores.keyValueStoreBuilder(keyValueStore(PENDING_STORE, inMemory),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), logged));
        builder.addStateStore(logged(Stores.keyValueStoreBuilder(keyValueStore(DUE_STORE, inMemory),
                Serdes.String(), Serdes.ByteArray()), logged));
        // the clock moves with nearly every event: the cache turns that into one changelog record per commit
        builder.addStateStore(logged(Stores.keyValueStoreBuilder(keyValueStore(CLOCK_STORE, inMemory),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), logged));
        // The latest score per partner for interactive queries, as the bytes of its partner.risk record:
        // each score is encoded once, for the store and the topic alike. A receiver needs neither.
        String riskStore = null;
        PartnerScoring.RiskEncoding encoding = null;
        if (receiver == null) {
            builder.addStateStore(logged(Stores.keyValueStoreBuilder(keyValueStore(RISK_STORE, inMemory),
                    Serdes.String(), Serdes.ByteArray()), logged));
            riskStore = RISK_STORE;
            encoding = new PartnerScoring.RiskEncoding(topics.partnerRisk.name(), topics.partnerRisk.valueSerde().serializer());
        }
        // Each partner's daily scores and alerts: what the page draws, and what early warning compares a new
        // score with. Written by partner-history-recorder, read by partner-scoring (both in the scoring task).
        // A receiver (replay) keeps them too, so that it raises the same alerts: in memory, unlogged, in a
        // store whose range reads do not copy the range first (Kafka's in-memory store does).
        for (String history : new String[] {HISTORY_STORE, ALERT_LOG_STORE}) {
            builder.addStateStore(receiver != null
                    ? Stores.keyValueStoreBuilder(NavigableMemoryStore.supplier(history), Serdes.Bytes(), Serdes.ByteArray())
                            .withLoggingDisabled()
                    : logged(Stores.keyValueStoreBuilder(keyValueStore(history, inMemory), Serdes.Bytes(),
                            Serdes.ByteArray()), logged));
        }
        ModelSchedule models = modelVersions(builder, topics, metrics, deadLetters);
        PartnerScoring.Stores stores = new PartnerScoring.Stores(FACT_STORE, PUBLISHED_STORE, PENDING_STORE, DUE_STORE,
                CLOCK_STORE, PARTNERS_STORE, riskStore, HISTORY_STORE, ALERT_LOG_STORE);
        PartnerScoring.RiskEncoding risks = encoding;
        String[] scoringStores = riskStore == null
                ? new String[] {FACT_STORE, PUBLISHED_STORE, PENDING_STORE, DUE_STORE, CLOCK_STORE, PARTNERS_STORE,
                        HISTORY_STORE, ALERT_LOG_STORE}
                : new String[] {FACT_STORE, PUBLISHED_STORE, PENDING_STORE, DUE_STORE, CLOCK_STORE, PARTNERS_STORE,
                        HISTORY_STORE, ALERT_LOG_STORE, RISK_STORE};
        KStream<String, Scored> scored = signals.process(
                () -> new PartnerScoring(settings, stores, risks, metrics, models),
                Named.as("partner-scoring"), scoringStores);
        // records each publication before partner-scoring makes the next one (forwarding is depth-first)
        scored.process(() -> new PartnerHistory(HISTORY_STORE, ALERT_LOG_STORE, settings.historyRetention()),
                Named.as("partner-history-recorder"), HISTORY_STORE, ALERT_LOG_STORE);
        if (receiver != null) {
            scored.process(() -> new Receive(receiver), Named.as("partner-risk-receiver"));
            return builder.build(props);
        }

        // people's notes: every instance holds all of them (small data), for the page of any partner
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(NOTES_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                topics.notes.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("partner-notes-source"),
                () -> new NotesUpdate(NOTES_STORE, topics.notes.name(), topics.notes.valueSerde().deserializer()));

        scored.mapValues(Scored::encodedRisk, Named.as("partner-risk-records"))
                .to(topics.partnerRisk.name(), Produced.with(topics.partnerRisk.keySerde(), Serdes.ByteArray())
                        .withName("partner-risk-sink"));
        scored.mapValues(Scored::snapshot, Named.as("partner-risk-history-records"))
                .to(topics.history.name(), Produced.with(topics.history.keySerde(), topics.history.valueSerde())
                        .withName("partner-risk-history-sink"));
        // a band change first, then a deterioration, when one publication raised both
        scored.flatMapValues(Scored::alerts, Named.as("partner-risk-alert-records"))
                .to(topics.alerts.name(), Produced.with(topics.alerts.keySerde(), topics.alerts.valueSerde())
                        .withName("partner-risk-alerts-sink"));

        return builder.build(props);
    }

    /**
     * How errors past the decode step are handled, for every way of running the topology: a record
     * whose processing throws, a reference record that cannot be read, or an output record the
     * producer refuses becomes a dead letter that fits in one record, and processing goes on; what
     * cannot be dead-lettered stops the instance; and a schema registry that does not answer fails the
     * thread, so that the record is read again once it answers ({@link DeadLetterHandlers}).
     */
    public static Properties errorHandling(TopicNames topics) {
        return errorHandling(topics, DeadLetterRecords.DEFAULT_MAX_BYTES, ScoringMetrics.discarding(), new UnwritableRecords());
    }

    /** As {@link #errorHandling(TopicNames)}, with dead letters of at most {@code maxDeadLetterBytes}, counted in {@code metrics}. */
    public static Properties errorHandling(TopicNames topics, int maxDeadLetterBytes, ScoringMetrics metrics,
                                           UnwritableRecords unwritable) {
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Processing.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Deserialization.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Production.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters());
        props.put(DeadLetterHandlers.DEAD_LETTERS, new DeadLetterRecords(topics.deadLetters(), maxDeadLetterBytes));
        props.put(DeadLetterHandlers.METRICS, metrics);
        props.put(DeadLetterHandlers.UNWRITABLE, unwritable);
        props.put(DeadLetterHandlers.GLOBAL_TOPICS, java.util.Set.of(topics.competitors(), topics.notes(),
                topics.modelAccepted()));
        return props;
    }

    /** Hands each score to the receiver: the end of a topology built with one. */
    private static final class Receive implements Processor<String, Scored, Void, Void> {
        private final ScoreReceiver receiver;

        Receive(ScoreReceiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public void process(Record<String, Scored> record) {
            Scored s = record.value();
            receiver.accept(s.risk(), s.snapshot(), s.alerts());
        }
    }

    private static <S extends StateStore> StoreBuilder<S> logged(StoreBuilder<S> store, boolean logged) {
        return logged ? store : store.withLoggingDisabled();
    }

    private static KeyValueBytesStoreSupplier keyValueStore(String name, boolean inMemory) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    /**
     * The model as data: each record of the model topic is checked in a stream task (a refused one is a
     * dead letter; only a stream task can write one), what passed is copied to the accepted topic, and that
     * is read whole into a global store on every instance, for every scoring task to switch at the same
     * event time.
     */
    private static ModelSchedule modelVersions(StreamsBuilder builder, Topics topics, ScoringMetrics metrics,
                                               DeadLetterRecords deadLetters) {
        ModelSchedule schedule = new ModelSchedule(MODEL_STORE, topics.modelAccepted.name(),
                topics.modelAccepted.valueSerde().deserializer());
        Map<String, KStream<String, Decoded<io.partnersignals.contract.ModelSettings>>> checked = builder
                .stream(topics.model.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("model-source"))
                .processValues(() -> new ModelCheck(topics.model.name(), topics.model.valueSerde().deserializer()),
                        Named.as("model-check"))
                .split(Named.as("model-"))
                .branch((key, d) -> !d.isValid(), Branched.as("invalid"))
                .defaultBranch(Branched.as("accepted"));
        checked.get("model-invalid")
                .process(() -> new DeadLetter<io.partnersignals.contract.ModelSettings>(metrics, deadLetters),
                        Named.as("model-dead-letters"))
                .to(topics.deadLetters, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("model-dlq-sink"));
        checked.get("model-accepted")
                .mapValues(Decoded::value, Named.as("model-accepted-values"))
                .to(topics.modelAccepted.name(), Produced.with(topics.modelAccepted.keySerde(),
                        topics.modelAccepted.valueSerde()).withName("model-accepted-sink"));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                topics.modelAccepted.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("model-accepted-source"),
                () -> new ModelUpdate(schedule));
        return schedule;
    }

    /**
     * Reads an event topic as bytes, decodes and validates each record, sends the refused ones to
     * the dead-letter topic, and re-keys by partner id the records whose key is not their partner id
     * (when {@code rekey}; a replay keys every record by its partner id itself).
     */
    private static <V> KStream<String, V> decoded(StreamsBuilder builder, Topics topics, Topics.Topic<V> topic,
                                                  InputRules<V> rules, String name, Duration maxFutureSkew,
                                                  boolean rekey, ScoringMetrics metrics, DeadLetterRecords deadLetters) {
        BranchedKStream<String, Decoded<V>> split = builder
                .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-source"))
                .processValues(() -> new Decode<>(topic.name(), topic.valueSerde().deserializer(), rules, maxFutureSkew),
                        Named.as(name + "-decode"))
                .split(Named.as(name + "-"))
                .branch((key, d) -> !d.isValid(), Branched.as("invalid"));
        Map<String, KStream<String, Decoded<V>>> branches = rekey
                ? split.branch((key, d) -> d.partnerId().equals(key), Branched.as("keyed"))
                        .defaultBranch(Branched.as("miskeyed"))
                : split.defaultBranch(Branched.as("keyed"));

        branches.get(name + "-invalid")
                .process(() -> new DeadLetter<V>(metrics, deadLetters), Named.as(name + "-dead-letters"))
                .to(topics.deadLetters, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-dlq-sink"));
        if (!rekey) {
            return branches.get(name + "-keyed").mapValues(Decoded::value, Named.as(name + "-values"));
        }

        KStream<String, V> rekeyed = branches.get(name + "-miskeyed")
                .selectKey((key, d) -> d.partnerId(), Named.as(name + "-key-by-partner"))
                .mapValues(Decoded::value, Named.as(name + "-rekeyed-values"))
                .repartition(Repartitioned.<String, V>as(name + "-by-partner")
                        .withKeySerde(topic.keySerde()).withValueSerde(topic.valueSerde()));
        return branches.get(name + "-keyed")
                .mapValues(Decoded::value, Named.as(name + "-values"))
                .merge(rekeyed, Named.as(name + "-merge-rekeyed"));
    }
}
