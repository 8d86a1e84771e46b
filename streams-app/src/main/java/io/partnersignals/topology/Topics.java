package io.partnersignals.topology;

import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.ModelSettings;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.SchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the application, declared once together with its serdes. Keys are partner ids
 * (competitor ids for {@code competitors}) as UTF-8 strings; values are Avro in the Confluent wire format.
 * The two reference tables decode each distinct record once ({@link ReferenceSerde}).
 */
public final class Topics {

    /** Distinct partner records kept decoded (about 0.5 KB each): a replay's 10,000 partners fit. */
    static final int PARTNERS_REMEMBERED = 16_384;
    /** Distinct competitor records kept decoded: a handful in practice. */
    static final int COMPETITORS_REMEMBERED = 1_024;

    /** A topic and the serdes of its records. */
    public record Topic<V>(String name, Serde<String> keySerde, Serde<V> valueSerde) {
        /** The Avro wire serde under the value serde: the registered schema, the plain encoding. */
        public AvroWireSerde<?> wire() {
            return (AvroWireSerde<?>) (valueSerde instanceof ReferenceSerde<?> r ? r.wire() : valueSerde);
        }
    }

    public final Topic<Partner> partners;
    public final Topic<Competitor> competitors;
    public final Topic<CrmActivity> crmActivity;
    public final Topic<CrawlResult> webCrawl;
    public final Topic<PricingEvent> pricingEvents;
    public final Topic<PartnerRisk> partnerRisk;
    public final Topic<RiskAlert> alerts;
    public final Topic<RiskSnapshot> history;
    /** People's notes, keyed {@code partnerId/noteId}: read whole into a global store, written by the HTTP API. */
    public final Topic<PartnerNote> notes;
    /** Versions of the model's settings, keyed by version: checked, then copied to {@link #modelAccepted}. */
    public final Topic<ModelSettings> model;
    /** The model versions that passed the checks: read whole into a global store on every instance. */
    public final Topic<ModelSettings> modelAccepted;
    /** Dead letters keep the original key and value bytes. */
    public final String deadLetters;
    public final TopicNames names;

    public Topics(TopicNames names, SchemaRegistry registry) {
        this.names = names;
        this.partners = reference(topic(names.partners(), registry, Partner.class), PARTNERS_REMEMBERED);
        this.competitors = reference(topic(names.competitors(), registry, Competitor.class), COMPETITORS_REMEMBERED);
        this.crmActivity = topic(names.crmActivity(), registry, CrmActivity.class);
        this.webCrawl = topic(names.webCrawl(), registry, CrawlResult.class);
        this.pricingEvents = topic(names.pricingEvents(), registry, PricingEvent.class);
        this.partnerRisk = topic(names.partnerRisk(), registry, PartnerRisk.class);
        this.alerts = topic(names.alerts(), registry, RiskAlert.class);
        this.history = topic(names.history(), registry, RiskSnapshot.class);
        this.notes = topic(names.notes(), registry, PartnerNote.class);
        this.model = topic(names.model(), registry, ModelSettings.class);
        this.modelAccepted = topic(names.modelAccepted(), registry, ModelSettings.class);
        this.deadLetters = names.deadLetters();
    }

    /** The record key of a note on the notes topic: {@code partnerId/noteId}. */
    public static String noteKey(PartnerNote note) {
        return note.getPartnerId() + "/" + note.getNoteId();
    }

    private static <V> Topic<V> reference(Topic<V> topic, int remembered) {
        return new Topic<>(topic.name(), topic.keySerde(), new ReferenceSerde<>(topic.valueSerde(), remembered));
    }

    private static <V extends SpecificRecord> Topic<V> topic(String name, SchemaRegistry registry, Class<V> type) {
        return new Topic<>(name, Serdes.String(), AvroWireSerde.forValue(registry, type));
    }
}
