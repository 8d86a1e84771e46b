package io.partnersignals.http;

import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What the HTTP layer needs from Kafka Streams: this instance's state, its part of the risk store,
 * and where the other parts live. Lookups throw {@link NotQueryableException} while the answer
 * cannot be known (rebalancing, restoring, partition moved).
 */
public interface RiskView {

    /** The state of this instance's Kafka Streams client. */
    KafkaStreams.State state();

    /** This instance's address as the other instances reach it (application.server). */
    HostInfo self();

    /** The partner's latest score from this instance's store; empty when this instance has none. */
    Optional<PartnerRisk> local(String partnerId);

    /** Every score in this instance's active stores. */
    List<PartnerRisk> localAll();

    /** The instance whose active task holds the partner's score (may be {@link #self()}). */
    HostInfo ownerOf(String partnerId);

    /** Every other instance of the application that hosts the risk store. */
    List<HostInfo> otherInstances();

    /**
     * The partner's daily history from this instance's history store, oldest first: for each day (UTC)
     * the last score published that day, within {@code days} days before the latest point; empty when
     * this instance holds none. The owner of the partner's score holds its history too.
     */
    List<RiskSnapshot> localHistory(String partnerId, int days);

    /** The partner's alerts from this instance's store, newest first, as far back as the history reaches. */
    List<RiskAlert> localAlerts(String partnerId);

    /**
     * The partner's reference data (name, domains, kind) from this instance's part of the partners
     * table; empty when this instance holds none. The owner of the partner's score holds it.
     */
    Optional<Partner> localPartner(String partnerId);

    /** The partner's notes, acknowledgements and owner changes, oldest first: every instance holds all of them. */
    List<PartnerNote> notes(String partnerId);
}
