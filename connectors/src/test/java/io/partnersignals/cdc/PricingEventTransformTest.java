package io.partnersignals.cdc;

import static io.partnersignals.cdc.DebeziumEvents.PRICING_ROW;
import static io.partnersignals.cdc.DebeziumEvents.event;
import static io.partnersignals.cdc.DebeziumEvents.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.PricingEventType;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.LocalSchemaRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class PricingEventTransformTest {

    final LocalSchemaRegistry registry = new LocalSchemaRegistry();
    final AvroWireSerde<PricingEvent> serde = AvroWireSerde.forValue(registry, PricingEvent.class);

    PricingEventTransform<SourceRecord> transform(Map<String, String> extra) {
        PricingEventTransform<SourceRecord> t = new PricingEventTransform<>(settings -> registry);
        Map<String, String> config = new HashMap<>(Map.of("registry.url", "http://registry.invalid:8081"));
        config.putAll(extra);
        t.configure(config);
        return t;
    }

    static Map<String, Object> promotion() {
        Map<String, Object> columns = new HashMap<>();
        columns.put("event_id", "e-3");
        columns.put("partner_id", "prodigal");
        columns.put("occurred_at", "2026-07-10T00:00:00Z");
        columns.put("type", "PROMOTION_STARTED");
        columns.put("promotion_id", "promo-9");
        columns.put("sku", "GPU-80");
        columns.put("list_price", 10000.0);
        columns.put("promo_price", 7500.0);
        columns.put("eligible_for_us", false);
        columns.put("currency", "USD");
        return columns;
    }

    @Test
    void aPromotionBecomesAPricingEventOnItsTopic() {
        SourceRecord out = transform(Map.of("topic", "it.pricing")).apply(
                event("pricing_event", "event_id", "c", null, row(PRICING_ROW, promotion())));
        assertThat(out.topic()).isEqualTo("it.pricing");
        assertThat(out.key()).isEqualTo("prodigal");
        assertThat(out.timestamp()).isEqualTo(Instant.parse("2026-07-10T00:00:00Z").toEpochMilli());
        PricingEvent event = serde.deserializer().deserialize("it.pricing", (byte[]) out.value());
        assertThat(event).isEqualTo(PricingEvent.newBuilder().setEventId("e-3").setPartnerId("prodigal")
                .setOccurredAt(Instant.parse("2026-07-10T00:00:00Z")).setType(PricingEventType.PROMOTION_STARTED)
                .setPromotionId("promo-9").setSku("GPU-80").setListPrice(10000.0).setPromoPrice(7500.0)
                .setEligibleForUs(false).setCurrency("USD").build());
    }

    @Test
    void aSaleCarriesOurCostAndPrice() {
        Map<String, Object> sale = new HashMap<>(Map.of("event_id", "e-4", "partner_id", "drifter",
                "occurred_at", "2026-07-11T08:00:00Z", "type", "sale_recorded", "sku", "NAS-1",
                "our_cost", 900.0, "our_sell_price", 1000.0, "currency", "eur"));
        PricingEvent event = serde.deserializer().deserialize("pricing.events", (byte[]) transform(Map.of())
                .apply(event("pricing_event", "event_id", "r", null, row(PRICING_ROW, sale))).value());
        assertThat(event.getType()).isEqualTo(PricingEventType.SALE_RECORDED);
        assertThat(event.getOurCost()).isEqualTo(900.0);
        assertThat(event.getOurSellPrice()).isEqualTo(1000.0);
        assertThat(event.getEligibleForUs()).isNull();
        assertThat(event.getCurrency()).isEqualTo("EUR");
    }

    @Test
    void badRowsAreDataExceptionsNamingTheEvent() {
        PricingEventTransform<SourceRecord> t = transform(Map.of());
        Map<String, Object> negative = promotion();
        negative.put("promo_price", -1.0);
        assertThatThrownBy(() -> t.apply(event("pricing_event", "event_id", "c", null, row(PRICING_ROW, negative))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("pricing_event row {\"event_id\":\"e-3\"}").hasMessageContaining("promo_price is -1.0");
        Map<String, Object> unknown = promotion();
        unknown.put("type", "FLASH_SALE");
        assertThatThrownBy(() -> t.apply(event("pricing_event", "event_id", "c", null, row(PRICING_ROW, unknown))))
                .isInstanceOf(DataException.class).hasMessageContaining("unknown type 'FLASH_SALE'");
        Map<String, Object> currency = promotion();
        currency.put("currency", "$$");
        assertThatThrownBy(() -> t.apply(event("pricing_event", "event_id", "c", null, row(PRICING_ROW, currency))))
                .isInstanceOf(DataException.class).hasMessageContaining("currency '$$'");
    }

    @Test
    void deletesAreDropped() {
        assertThat(transform(Map.of()).apply(event("pricing_event", "event_id", "d", row(PRICING_ROW, promotion()), null)))
                .isNull();
    }
}
