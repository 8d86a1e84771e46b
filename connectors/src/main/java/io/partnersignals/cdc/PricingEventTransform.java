package io.partnersignals.cdc;

import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.PricingEventType;
import io.partnersignals.registry.RegistrySettings;
import io.partnersignals.registry.SchemaRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * Debezium change events of the pricing events table ({@code pricing_event}, see connectors/sql/) to
 * {@link PricingEvent} records on {@code pricing.events}. Columns: event_id, partner_id, occurred_at,
 * type, promotion_id, sku, list_price, promo_price, eligible_for_us, our_cost, our_sell_price,
 * currency (three letters; USD when null). See {@link ChangeEventToAvro} for what is dropped and what
 * becomes an error.
 */
public class PricingEventTransform<R extends ConnectRecord<R>> extends ChangeEventToAvro<R, PricingEvent> {

    public static final String DEFAULT_TOPIC = "pricing.events";
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public PricingEventTransform() {
        super(PricingEvent.class, DEFAULT_TOPIC);
    }

    /** With another registry client (tests). */
    PricingEventTransform(Function<RegistrySettings, SchemaRegistry> registries) {
        super(PricingEvent.class, DEFAULT_TOPIC, registries);
    }

    @Override
    protected PricingEvent toRecord(RowReader row) {
        PricingEvent.Builder builder = PricingEvent.newBuilder()
                .setEventId(row.requiredText("event_id"))
                .setPartnerId(row.requiredText("partner_id"))
                .setOccurredAt(row.requiredInstant("occurred_at").truncatedTo(ChronoUnit.MILLIS))
                .setType(row.requiredSymbol("type", PricingEventType.class))
                .setPromotionId(row.text("promotion_id"))
                .setSku(row.text("sku"))
                .setListPrice(row.amount("list_price"))
                .setPromoPrice(row.amount("promo_price"))
                .setEligibleForUs(row.bool("eligible_for_us"))
                .setOurCost(row.amount("our_cost"))
                .setOurSellPrice(row.amount("our_sell_price"));
        String currency = row.text("currency");
        if (currency != null) {
            currency = currency.toUpperCase(Locale.ROOT);
            if (!CURRENCY.matcher(currency).matches()) {
                throw new InvalidRowException("currency '" + currency + "' is not an ISO 4217 code");
            }
            builder.setCurrency(currency);
        }
        return builder.build();
    }

    @Override
    protected String partnerId(PricingEvent record) {
        return record.getPartnerId();
    }

    @Override
    protected Instant occurredAt(PricingEvent record) {
        return record.getOccurredAt();
    }
}
