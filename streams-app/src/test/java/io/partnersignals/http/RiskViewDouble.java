package io.partnersignals.http;

import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Test double of one instance's {@link RiskView}: scores held here, the owner of each partner
 * (this instance unless told otherwise), the other instances, and a switch that makes every
 * lookup fail as during a rebalance, another that makes them wait (a stuck store or peer). It records the partners looked up here.
 */
final class RiskViewDouble implements RiskView {

    private volatile HostInfo self;
    private volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;
    private volatile String notQueryable;
    private volatile CountDownLatch stall;
    private final AtomicInteger stalled = new AtomicInteger();
    private final Map<String, PartnerRisk> risks = new ConcurrentHashMap<>();
    private final Map<String, HostInfo> owners = new ConcurrentHashMap<>();
    private final List<HostInfo> others = new CopyOnWriteArrayList<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    RiskViewDouble(HostInfo self) {
        this.self = self;
    }

    /** Once the server listens on its free port, the double learns its address. */
    RiskViewDouble at(HostInfo self) {
        this.self = self;
        return this;
    }

    RiskViewDouble holding(PartnerRisk... held) {
        for (PartnerRisk r : held) {
            risks.put(r.getPartnerId(), r);
        }
        return this;
    }

    RiskViewDouble owning(String partnerId, HostInfo owner) {
        owners.put(partnerId, owner);
        return this;
    }

    RiskViewDouble withOthers(HostInfo... instances) {
        others.clear();
        others.addAll(List.of(instances));
        return this;
    }

    void state(KafkaStreams.State state) {
        this.state = state;
    }

    /** From now on every lookup throws {@link NotQueryableException} with this message (null: stop). */
    void failLookups(String message) {
        this.notQueryable = message;
    }

    /** From now on every lookup waits until {@code released} is counted down (null: stop). */
    void stallLookups(CountDownLatch released) {
        this.stall = released;
    }

    /** Lookups waiting in {@link #stallLookups} now. */
    int stalled() {
        return stalled.get();
    }

    List<String> lookups() {
        return List.copyOf(lookups);
    }

    @Override
    public KafkaStreams.State state() {
        return state;
    }

    @Override
    public HostInfo self() {
        return self;
    }

    @Override
    public Optional<PartnerRisk> local(String partnerId) {
        check();
        lookups.add(partnerId);
        return Optional.ofNullable(risks.get(partnerId));
    }

    @Override
    public List<PartnerRisk> localAll() {
        check();
        return new ArrayList<>(risks.values());
    }

    @Override
    public HostInfo ownerOf(String partnerId) {
        check();
        return owners.getOrDefault(partnerId, self);
    }

    @Override
    public List<HostInfo> otherInstances() {
        check();
        return List.copyOf(others);
    }

    private void check() {
        CountDownLatch latch = stall;
        if (latch != null) {
            stalled.incrementAndGet();
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stalled.decrementAndGet();
            }
        }
        String message = notQueryable;
        if (message != null) {
            throw new NotQueryableException(message);
        }
    }

    private final Map<String, List<RiskSnapshot>> histories = new ConcurrentHashMap<>();
    private final Map<String, List<RiskAlert>> alerts = new ConcurrentHashMap<>();
    private final List<PartnerNote> notes = new CopyOnWriteArrayList<>();

    RiskViewDouble withHistory(String partnerId, List<RiskSnapshot> history) {
        histories.put(partnerId, List.copyOf(history));
        return this;
    }

    RiskViewDouble withAlerts(String partnerId, List<RiskAlert> held) {
        alerts.put(partnerId, List.copyOf(held));
        return this;
    }

    RiskViewDouble withNote(PartnerNote note) {
        notes.add(note);
        return this;
    }

    @Override
    public List<RiskSnapshot> localHistory(String partnerId, int days) {
        List<RiskSnapshot> all = histories.getOrDefault(partnerId, List.of());
        if (all.isEmpty()) {
            return all;
        }
        java.time.Instant from = all.get(all.size() - 1).getComputedAt().minus(java.time.Duration.ofDays(days));
        return all.stream().filter(s -> !s.getComputedAt().isBefore(from)).toList();
    }

    @Override
    public List<RiskAlert> localAlerts(String partnerId) {
        return alerts.getOrDefault(partnerId, List.of());
    }

    @Override
    public List<PartnerNote> notes(String partnerId) {
        return notes.stream().filter(n -> n.getPartnerId().equals(partnerId)).toList();
    }

    private final Map<String, Partner> partners = new ConcurrentHashMap<>();

    RiskViewDouble withPartner(Partner partner) {
        partners.put(partner.getPartnerId(), partner);
        return this;
    }

    @Override
    public Optional<Partner> localPartner(String partnerId) {
        return Optional.ofNullable(partners.get(partnerId));
    }
}
