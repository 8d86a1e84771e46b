package io.partnersignals.cdc;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Change events shaped as Debezium's PostgreSQL connector (3.x, pgoutput) writes them: key Struct of
 * the primary key, value Envelope with before, after, source, op and ts_ms; timestamptz as
 * {@code io.debezium.time.ZonedTimestamp} strings and numeric as doubles
 * ({@code decimal.handling.mode=double}), unless a test builds other columns.
 */
final class DebeziumEvents {

    static final String PREFIX = "partnersignals.public.";
    static final String ZONED = "io.debezium.time.ZonedTimestamp";

    static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
            .field("db", Schema.STRING_SCHEMA).field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();

    static Schema zoned(boolean optional) {
        SchemaBuilder b = SchemaBuilder.string().name(ZONED).version(1);
        return (optional ? b.optional() : b).build();
    }

    static final Schema CRM_ROW = SchemaBuilder.struct().name(PREFIX + "crm_activity.Value").optional()
            .field("activity_id", Schema.STRING_SCHEMA)
            .field("partner_id", Schema.OPTIONAL_STRING_SCHEMA) // NOT NULL in the table; optional to test a missing one
            .field("occurred_at", zoned(false))
            .field("type", Schema.STRING_SCHEMA)
            .field("direction", Schema.STRING_SCHEMA)
            .field("ref_activity_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("sponsor_level", Schema.OPTIONAL_STRING_SCHEMA)
            .field("value_usd", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("promotion_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("subject", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    static final Schema PRICING_ROW = SchemaBuilder.struct().name(PREFIX + "pricing_event.Value").optional()
            .field("event_id", Schema.STRING_SCHEMA)
            .field("partner_id", Schema.STRING_SCHEMA)
            .field("occurred_at", zoned(false))
            .field("type", Schema.STRING_SCHEMA)
            .field("promotion_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("sku", Schema.OPTIONAL_STRING_SCHEMA)
            .field("list_price", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("promo_price", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("eligible_for_us", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("our_cost", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("our_sell_price", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("currency", Schema.STRING_SCHEMA)
            .build();

    static Schema envelope(Schema row) {
        String name = row.name().substring(0, row.name().length() - ".Value".length());
        return SchemaBuilder.struct().name(name + ".Envelope").version(2)
                .field("before", row).field("after", row).field("source", SOURCE)
                .field("transaction", SchemaBuilder.struct().optional()
                        .field("id", Schema.STRING_SCHEMA).build())
                .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    }

    static Struct row(Schema schema, Map<String, Object> columns) {
        Struct row = new Struct(schema);
        columns.forEach(row::put);
        return row;
    }

    /** A change event of {@code table} with primary-key column {@code keyColumn}. */
    static SourceRecord event(String table, String keyColumn, String op, Struct before, Struct after) {
        Schema rowSchema = (after != null ? after : before).schema();
        Schema keySchema = SchemaBuilder.struct().name(PREFIX + table + ".Key").field(keyColumn, Schema.STRING_SCHEMA).build();
        Struct key = new Struct(keySchema).put(keyColumn, (after != null ? after : before).get(keyColumn));
        Schema envelopeSchema = envelope(rowSchema);
        Struct source = new Struct(SOURCE).put("version", "3.6.1.Final").put("connector", "postgresql")
                .put("name", "partnersignals").put("ts_ms", 1_780_000_000_000L).put("db", "partner_signals")
                .put("schema", "public").put("table", table).put("lsn", 123L);
        Struct value = new Struct(envelopeSchema).put("before", before).put("after", after).put("source", source)
                .put("op", op).put("ts_ms", 1_780_000_000_500L);
        return new SourceRecord(Map.of("server", "partnersignals"), Map.of("lsn", 123L), PREFIX + table, null,
                keySchema, key, envelopeSchema, value, 1_780_000_000_500L);
    }

    static SourceRecord tombstone(SourceRecord deleted) {
        return new SourceRecord(deleted.sourcePartition(), deleted.sourceOffset(), deleted.topic(), null,
                deleted.keySchema(), deleted.key(), null, null);
    }

    private DebeziumEvents() {}
}
