package io.partnersignals.cdc;

import static io.partnersignals.cdc.DebeziumEvents.CRM_ROW;
import static io.partnersignals.cdc.DebeziumEvents.event;
import static io.partnersignals.cdc.DebeziumEvents.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.LocalSchemaRegistry;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CrmActivityTransformTest {

    final LocalSchemaRegistry registry = new LocalSchemaRegistry();
    final AvroWireSerde<CrmActivity> serde = AvroWireSerde.forValue(registry, CrmActivity.class);
    CrmActivityTransform<SourceRecord> transform;

    @BeforeEach
    void configure() {
        transform = configured(Map.of());
    }

    @AfterEach
    void close() {
        transform.close();
    }

    CrmActivityTransform<SourceRecord> configured(Map<String, String> extra) {
        CrmActivityTransform<SourceRecord> t = new CrmActivityTransform<>(settings -> registry);
        Map<String, String> config = new HashMap<>(Map.of("registry.url", "http://registry.invalid:8081"));
        config.putAll(extra);
        t.configure(config);
        return t;
    }

    static Map<String, Object> request() {
        Map<String, Object> columns = new HashMap<>();
        columns.put("activity_id", "a-17");
        columns.put("partner_id", "prodigal");
        columns.put("occurred_at", "2026-07-01T09:30:15.123456Z");
        columns.put("type", "REQUEST");
        columns.put("direction", "OUTBOUND");
        columns.put("promotion_id", "promo-9");
        columns.put("subject", "Benchmark results for the joint roadshow?");
        return columns;
    }

    CrmActivity decode(SourceRecord record) {
        return serde.deserializer().deserialize(record.topic(), (byte[]) record.value());
    }

    @Test
    void anInsertBecomesACrmActivityKeyedByPartnerAndStampedWithItsTime() {
        SourceRecord out = transform.apply(event("crm_activity", "activity_id", "c", null, row(CRM_ROW, request())));

        assertThat(out.topic()).isEqualTo("crm.activity");
        assertThat(out.kafkaPartition()).isNull();
        assertThat(out.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(out.key()).isEqualTo("prodigal");
        assertThat(out.valueSchema()).isEqualTo(Schema.BYTES_SCHEMA);
        Instant at = Instant.parse("2026-07-01T09:30:15.123Z");
        assertThat(out.timestamp()).isEqualTo(at.toEpochMilli());
        assertThat(out.sourceOffset()).isEqualTo(Map.of("lsn", 123L)); // Debezium's offset travels on
        byte[] value = (byte[]) out.value();
        assertThat(value[0]).as("magic byte").isZero();
        assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(registry.lookup("crm.activity-value", serde.registeredSchema()));
        assertThat(decode(out)).isEqualTo(CrmActivity.newBuilder().setActivityId("a-17").setPartnerId("prodigal")
                .setOccurredAt(at).setType(ActivityType.REQUEST).setDirection(Direction.OUTBOUND)
                .setPromotionId("promo-9").setSubject("Benchmark results for the joint roadshow?").build());
    }

    @Test
    void snapshotReadsAndUpdatesUseTheRowAfterTheChange() {
        Map<String, Object> before = request();
        Map<String, Object> after = request();
        after.put("type", "escalation");   // any case
        after.put("direction", " outbound ");
        after.put("subject", "  ");         // blank is absent
        SourceRecord updated = transform.apply(event("crm_activity", "activity_id", "u", row(CRM_ROW, before), row(CRM_ROW, after)));
        assertThat(decode(updated).getType()).isEqualTo(ActivityType.ESCALATION);
        assertThat(decode(updated).getSubject()).isNull();

        SourceRecord read = transform.apply(event("crm_activity", "activity_id", "r", null, row(CRM_ROW, request())));
        assertThat(decode(read).getActivityId()).isEqualTo("a-17");
    }

    @Test
    void sponsorChangesAndContributionsCarryTheirLevelAndValue() {
        Map<String, Object> columns = request();
        columns.put("type", "SPONSOR_CHANGED");
        columns.put("direction", "INBOUND");
        columns.put("sponsor_level", "senior_manager");
        columns.put("value_usd", 2500.0);
        columns.put("occurred_at", "2026-07-01T11:30:00+02:00"); // an offset other than Z
        CrmActivity activity = decode(transform.apply(event("crm_activity", "activity_id", "c", null, row(CRM_ROW, columns))));
        assertThat(activity.getSponsorLevel()).isEqualTo(SponsorLevel.SENIOR_MANAGER);
        assertThat(activity.getValueUsd()).isEqualTo(2500.0);
        assertThat(activity.getOccurredAt()).isEqualTo(Instant.parse("2026-07-01T09:30:00Z"));
    }

    @Test
    void deletesTruncatesTombstonesAndHeartbeatsAreDropped() {
        SourceRecord delete = event("crm_activity", "activity_id", "d", row(CRM_ROW, request()), null);
        assertThat(transform.apply(delete)).isNull();
        assertThat(transform.apply(DebeziumEvents.tombstone(delete))).isNull();
        Schema heartbeatSchema = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        SourceRecord heartbeat = new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat.partnersignals", null,
                null, null, heartbeatSchema, new Struct(heartbeatSchema).put("ts_ms", 1L));
        assertThat(transform.apply(heartbeat)).isNull();
    }

    @Test
    void aRowThatCannotBeACrmActivityIsADataExceptionNamingTheRowAndTheReason() {
        Map<String, Object> unknownType = request();
        unknownType.put("type", "TELEPATHY");
        assertThatThrownBy(() -> transform.apply(event("crm_activity", "activity_id", "c", null, row(CRM_ROW, unknownType))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("crm_activity row {\"activity_id\":\"a-17\"}")
                .hasMessageContaining("unknown type 'TELEPATHY'").hasMessageContaining("COMPETITOR_APPROACH");

        Map<String, Object> noPartner = request();
        noPartner.put("partner_id", null);
        assertThatThrownBy(() -> transform.apply(event("crm_activity", "activity_id", "c", null, row(CRM_ROW, noPartner))))
                .isInstanceOf(DataException.class).hasMessageContaining("a-17").hasMessageContaining("no partner_id");

        Map<String, Object> negative = request();
        negative.put("value_usd", -5.0);
        assertThatThrownBy(() -> transform.apply(event("crm_activity", "activity_id", "c", null, row(CRM_ROW, negative))))
                .isInstanceOf(DataException.class).hasMessageContaining("value_usd is -5.0");

        Map<String, Object> badTime = request();
        badTime.put("occurred_at", "yesterday");
        assertThatThrownBy(() -> transform.apply(event("crm_activity", "activity_id", "c", null, row(CRM_ROW, badTime))))
                .isInstanceOf(DataException.class).hasMessageContaining("occurred_at 'yesterday' is not a time");
    }

    @Test
    void withADeadLetterTopicABadRowGoesThereAsJsonWithTheError() throws Exception {
        CrmActivityTransform<SourceRecord> routing = configured(Map.of("dead.letter.topic", "partner-signals.dlq"));
        Map<String, Object> columns = request();
        columns.put("direction", "SIDEWAYS");
        SourceRecord out = routing.apply(event("crm_activity", "activity_id", "c", null, row(CRM_ROW, columns)));

        assertThat(out.topic()).isEqualTo("partner-signals.dlq");
        assertThat(out.key()).isEqualTo("{\"activity_id\":\"a-17\"}");
        JsonNode row = new ObjectMapper().readTree(new String((byte[]) out.value(), StandardCharsets.UTF_8));
        assertThat(row.get("direction").asText()).isEqualTo("SIDEWAYS");
        assertThat(row.get("partner_id").asText()).isEqualTo("prodigal");
        assertThat(out.headers().lastWithName("__connect.errors.topic").value()).isEqualTo("partnersignals.public.crm_activity");
        assertThat(out.headers().lastWithName("__connect.errors.source.table").value()).isEqualTo("crm_activity");
        assertThat(out.headers().lastWithName("__connect.errors.exception.class.name").value())
                .isEqualTo(DataException.class.getName());
        assertThat((String) out.headers().lastWithName("__connect.errors.exception.message").value())
                .contains("unknown direction 'SIDEWAYS'");
        // a good row still goes to the topic
        assertThat(routing.apply(event("crm_activity", "activity_id", "c", null, row(CRM_ROW, request()))).topic())
                .isEqualTo("crm.activity");
    }

    @Test
    void otherRepresentationsOfTimesAndNumbersAreReadToo() {
        Schema micro = SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build();
        Schema decimal = Decimal.builder(2).optional().build();
        Schema variable = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").optional()
                .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
        Schema rowSchema = SchemaBuilder.struct().name(DebeziumEvents.PREFIX + "crm_activity.Value").optional()
                .field("activity_id", Schema.STRING_SCHEMA).field("partner_id", Schema.STRING_SCHEMA)
                .field("occurred_at", micro).field("type", Schema.STRING_SCHEMA).field("direction", Schema.STRING_SCHEMA)
                .field("value_usd", decimal).build();
        Struct precise = new Struct(rowSchema).put("activity_id", "a-1").put("partner_id", "p").put("type", "CONTRIBUTION")
                .put("direction", "INBOUND").put("occurred_at", 1_782_900_000_123_456L).put("value_usd", new BigDecimal("1234.50"));
        CrmActivity a = decode(transform.apply(event("crm_activity", "activity_id", "c", null, precise)));
        assertThat(a.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1_782_900_000_123L));
        assertThat(a.getValueUsd()).isEqualTo(1234.5);

        Schema variableRow = SchemaBuilder.struct().name(DebeziumEvents.PREFIX + "crm_activity.Value").optional()
                .field("activity_id", Schema.STRING_SCHEMA).field("partner_id", Schema.STRING_SCHEMA)
                .field("occurred_at", Schema.STRING_SCHEMA).field("type", Schema.STRING_SCHEMA)
                .field("direction", Schema.STRING_SCHEMA).field("value_usd", variable).build();
        Struct variableScale = new Struct(variableRow).put("activity_id", "a-2").put("partner_id", "p")
                .put("type", "DEAL_WON").put("direction", "INBOUND").put("occurred_at", "2026-07-01T09:30:00")
                .put("value_usd", new Struct(variable).put("scale", 1).put("value", new byte[] {0x30, 0x39})); // 12345 → 1234.5
        CrmActivity b = decode(transform.apply(event("crm_activity", "activity_id", "c", null, variableScale)));
        assertThat(b.getValueUsd()).isEqualTo(1234.5);
        assertThat(b.getOccurredAt()).as("without an offset: UTC").isEqualTo(Instant.parse("2026-07-01T09:30:00Z"));
    }

    @Test
    void somethingElseThanAChangeEventIsAnError() {
        SourceRecord plain = new SourceRecord(Map.of(), Map.of(), "t", null, null, null, Schema.STRING_SCHEMA, "hello");
        assertThatThrownBy(() -> transform.apply(plain)).isInstanceOf(DataException.class)
                .hasMessageContaining("Not a Debezium change event");
        Schema flat = SchemaBuilder.struct().name("flat").field("activity_id", Schema.STRING_SCHEMA).build();
        SourceRecord unwrapped = new SourceRecord(Map.of(), Map.of(), "t", null, null, null, flat,
                new Struct(flat).put("activity_id", "a"));
        assertThatThrownBy(() -> transform.apply(unwrapped)).isInstanceOf(DataException.class)
                .hasMessageContaining("envelope");
    }

    @Test
    void aRegistryThatCannotBeReachedStopsTheTaskAtStart() {
        CrmActivityTransform<SourceRecord> t = new CrmActivityTransform<>();
        assertThatThrownBy(() -> t.configure(Map.of("registry.url", "http://127.0.0.1:1", "topic", "crm.x")))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Cannot register the CrmActivity schema under subject 'crm.x-value' at http://127.0.0.1:1");
        assertThatThrownBy(() -> new CrmActivityTransform<SourceRecord>().configure(Map.of()))
                .hasMessageContaining("registry.url");
    }
}
