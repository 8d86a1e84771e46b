package io.partnersignals.cdc;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.registry.RegistrySettings;
import io.partnersignals.registry.SchemaRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * Debezium change events of the CRM activity log ({@code crm_activity}, see connectors/sql/) to
 * {@link CrmActivity} records on {@code crm.activity}. Columns: activity_id, partner_id, occurred_at,
 * type, direction, ref_activity_id, sponsor_level, value_usd, promotion_id, subject. See
 * {@link ChangeEventToAvro} for what is dropped and what becomes an error.
 */
public class CrmActivityTransform<R extends ConnectRecord<R>> extends ChangeEventToAvro<R, CrmActivity> {

    public static final String DEFAULT_TOPIC = "crm.activity";

    public CrmActivityTransform() {
        super(CrmActivity.class, DEFAULT_TOPIC);
    }

    /** With another registry client (tests). */
    CrmActivityTransform(Function<RegistrySettings, SchemaRegistry> registries) {
        super(CrmActivity.class, DEFAULT_TOPIC, registries);
    }

    @Override
    protected CrmActivity toRecord(RowReader row) {
        return CrmActivity.newBuilder()
                .setActivityId(row.requiredText("activity_id"))
                .setPartnerId(row.requiredText("partner_id"))
                .setOccurredAt(row.requiredInstant("occurred_at").truncatedTo(ChronoUnit.MILLIS))
                .setType(row.requiredSymbol("type", ActivityType.class))
                .setDirection(row.requiredSymbol("direction", Direction.class))
                .setRefActivityId(row.text("ref_activity_id"))
                .setSponsorLevel(row.symbol("sponsor_level", SponsorLevel.class))
                .setValueUsd(row.amount("value_usd"))
                .setPromotionId(row.text("promotion_id"))
                .setSubject(row.text("subject"))
                .build();
    }

    @Override
    protected String partnerId(CrmActivity record) {
        return record.getPartnerId();
    }

    @Override
    protected Instant occurredAt(CrmActivity record) {
        return record.getOccurredAt();
    }
}
