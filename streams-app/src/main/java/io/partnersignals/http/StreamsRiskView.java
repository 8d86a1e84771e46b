package io.partnersignals.http;

import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.history.HistoryStores;
import io.partnersignals.history.HistoryValues;
import io.partnersignals.topology.PartnerSignalsTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The {@link RiskView} of a running Kafka Streams instance: interactive queries on the risk store and
 * the history stores (partner-history, partner-alert-log), each on the partition of the partner's key.
 */
public final class StreamsRiskView implements RiskView {

    private static final String STORE = PartnerSignalsTopology.RISK_STORE;
    private static final String HISTORY = PartnerSignalsTopology.HISTORY_STORE;
    private static final String ALERT_LOG = PartnerSignalsTopology.ALERT_LOG_STORE;

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Function<byte[], PartnerRisk> decode;
    private final Function<byte[], PartnerNote> decodeNote;

    /** @param decode reads a value of the risk store: the bytes of a partner.risk record */
    public StreamsRiskView(KafkaStreams streams, HostInfo self, Function<byte[], PartnerRisk> decode) {
        this(streams, self, decode, bytes -> {
            throw new IllegalStateException("this view was made without a decoder of notes");
        });
    }

    /** @param decodeNote reads a value of the notes store: the bytes of a partner.notes record */
    public StreamsRiskView(KafkaStreams streams, HostInfo self, Function<byte[], PartnerRisk> decode,
                           Function<byte[], PartnerNote> decodeNote) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.self = Objects.requireNonNull(self, "self");
        this.decode = Objects.requireNonNull(decode, "decode");
        this.decodeNote = Objects.requireNonNull(decodeNote, "decodeNote");
    }

    @Override
    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public HostInfo self() {
        return self;
    }

    @Override
    public Optional<PartnerRisk> local(String partnerId) {
        // the key's own partition: a partition still restoring here throws instead of reading as "unknown"
        int partition = metadata(partnerId).partition();
        return query(() -> Optional.ofNullable(store(StoreQueryParameters.fromNameAndType(STORE,
                QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(partition)).get(partnerId))
                .map(decode));
    }

    @Override
    public List<PartnerRisk> localAll() {
        return query(() -> {
            List<PartnerRisk> all = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = store(StoreQueryParameters.fromNameAndType(STORE,
                    QueryableStoreTypes.<String, byte[]>keyValueStore())).all()) {
                it.forEachRemaining(kv -> all.add(decode.apply(kv.value)));
            }
            return all;
        });
    }

    @Override
    public HostInfo ownerOf(String partnerId) {
        return metadata(partnerId).activeHost();
    }

    @Override
    public List<HostInfo> otherInstances() {
        return query(() -> streams.streamsMetadataForStore(STORE).stream()
                .map(StreamsMetadata::hostInfo)
                .filter(h -> !h.equals(self))
                .distinct()
                .sorted(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port))
                .toList());
    }

    @Override
    public List<RiskSnapshot> localHistory(String partnerId, int days) {
        ReadOnlyKeyValueStore<Bytes, byte[]> history = historyStore(HISTORY, metadata(partnerId).partition());
        return within(query(() -> HistoryStores.points(history, partnerId)), days);
    }

    @Override
    public List<RiskAlert> localAlerts(String partnerId) {
        // as far back as the history reaches: from the start of the day of its oldest point
        int partition = metadata(partnerId).partition();
        ReadOnlyKeyValueStore<Bytes, byte[]> history = historyStore(HISTORY, partition);
        ReadOnlyKeyValueStore<Bytes, byte[]> alertLog = historyStore(ALERT_LOG, partition);
        return query(() -> {
            RiskSnapshot oldest = HistoryStores.oldestPoint(history, partnerId);
            long from = oldest == null ? Long.MIN_VALUE : HistoryValues.dayStart(HistoryValues.day(oldest.getComputedAt()));
            return HistoryStores.alerts(alertLog, partnerId, from);
        });
    }

    /** The points within {@code days} days before the newest one (all of them with their days in order). */
    static List<RiskSnapshot> within(List<RiskSnapshot> points, int days) {
        if (points.isEmpty()) {
            return points;
        }
        Instant from = points.get(points.size() - 1).getComputedAt().minus(Duration.ofDays(days));
        return points.stream().filter(p -> !p.getComputedAt().isBefore(from)).toList();
    }

    /** A history store's partition that holds a partner (as {@link #local}): its entries are scanned by key prefix. */
    private ReadOnlyKeyValueStore<Bytes, byte[]> historyStore(String store, int partition) {
        return query(() -> streams.store(StoreQueryParameters.fromNameAndType(store,
                QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).withPartition(partition)));
    }

    @Override
    public Optional<Partner> localPartner(String partnerId) {
        // the partners topic is partitioned like the scores: the key's own partition
        int partition = metadata(partnerId).partition();
        return query(() -> Optional.ofNullable(streams.store(StoreQueryParameters.fromNameAndType(
                PartnerSignalsTopology.PARTNERS_STORE, QueryableStoreTypes.<String, Partner>keyValueStore())
                .withPartition(partition)).get(partnerId)));
    }

    @Override
    public List<PartnerNote> notes(String partnerId) {
        // keys are partnerId/noteId: the prefix "partnerId/" holds this partner's notes and no other's
        return query(() -> {
            List<PartnerNote> notes = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = store(StoreQueryParameters.fromNameAndType(
                    PartnerSignalsTopology.NOTES_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()))
                    .prefixScan(partnerId + "/", Serdes.String().serializer())) {
                it.forEachRemaining(kv -> notes.add(decodeNote.apply(kv.value)));
            }
            notes.sort(OLDEST_FIRST);
            return notes;
        });
    }

    /** Notes by the time they were written, then by id: the same order on every instance. */
    static final Comparator<PartnerNote> OLDEST_FIRST = Comparator.comparing(PartnerNote::getAt)
            .thenComparing(PartnerNote::getNoteId);

    private KeyQueryMetadata metadata(String partnerId) {
        KeyQueryMetadata m = query(() -> streams.queryMetadataForKey(STORE, partnerId, Serdes.String().serializer()));
        if (m == null || KeyQueryMetadata.NOT_AVAILABLE.equals(m) || m.activeHost() == null) {
            throw new NotQueryableException("the owner of partner " + partnerId + " is not known yet (rebalancing)");
        }
        return m;
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(
            StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> parameters) {
        return streams.store(parameters);
    }

    /** Kafka Streams says "not now" with these exceptions (not started, rebalancing, migrated partition). */
    private static <T> T query(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new NotQueryableException("the risk store is not queryable on this instance now: " + e.getMessage(), e);
        }
    }
}
