package io.partnersignals.bi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.LocalSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class AvroWireConverterTest {

    static final Instant T0 = Instant.parse("2026-08-01T12:00:00.250Z");

    final LocalSchemaRegistry registry = new LocalSchemaRegistry();

    AvroWireConverter converter() {
        AvroWireConverter c = new AvroWireConverter(settings -> registry);
        c.configure(Map.of("registry.url", "http://registry.invalid:8081"), false);
        return c;
    }

    @Test
    void anHttpsRegistryIsTrustedWithTheConfiguredTrustStoreAndAMissingOneIsNamed() {
        // the JDK's own CA certificates: a real trust store file with a known password
        String cacerts = java.nio.file.Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toString();
        java.util.concurrent.atomic.AtomicReference<io.partnersignals.registry.RegistrySettings> seen =
                new java.util.concurrent.atomic.AtomicReference<>();
        new AvroWireConverter(settings -> {
            seen.set(settings);
            return registry;
        }).configure(Map.of("registry.url", "https://registry.invalid:8443", "registry.basic.auth.user.info", "bi:pw",
                "registry.ssl.truststore.location", cacerts, "registry.ssl.truststore.password", "changeit",
                "registry.ssl.truststore.type", "JKS"), false);
        assertThat(seen.get().trustStore().location().toString()).isEqualTo(cacerts);
        assertThat(seen.get().basicAuthUserInfo()).isEqualTo("bi:pw");
        assertThatThrownBy(() -> new AvroWireConverter(settings -> registry).configure(Map.of(
                "registry.url", "https://registry.invalid:8443", "registry.ssl.truststore.location", "/nonexistent/ca.p12"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("registry.ssl.truststore.location")
                .hasMessageContaining("/nonexistent/ca.p12");
        assertThatThrownBy(() -> new AvroWireConverter(settings -> registry).configure(Map.of(
                "registry.url", "https://registry.invalid:8443", "registry.ssl.truststore.location", cacerts,
                "registry.ssl.truststore.password", "wrong", "registry.ssl.truststore.type", "JKS"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("password");
    }

    @Test
    void aRiskSnapshotBecomesAFlatStructThatAJdbcSinkCanWrite() {
        RiskSnapshot snapshot = new RiskSnapshot("prodigal", "Prodigal Accelerators", T0, 62, "RED", "v1",
                0.25, 0.75, 0.5, 0.0, 1.0, 0.3, 0.1, 1.0, 0.4, 27);
        byte[] bytes = AvroWireSerde.forValue(registry, RiskSnapshot.class).serializer().serialize("partner.risk.history", snapshot);

        SchemaAndValue data = converter().toConnectData("partner.risk.history", bytes);

        Schema schema = data.schema();
        assertThat(schema.type()).isEqualTo(Schema.Type.STRUCT);
        assertThat(schema.name()).isEqualTo("io.partnersignals.contract.RiskSnapshot");
        assertThat(schema.field("partnerId").schema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(schema.field("partnerName").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(schema.field("computedAt").schema()).isEqualTo(Timestamp.SCHEMA);
        assertThat(schema.field("score").schema()).isEqualTo(Schema.INT32_SCHEMA);
        assertThat(schema.field("harmfulAsk").schema()).isEqualTo(Schema.FLOAT64_SCHEMA);
        assertThat(schema.field("dealFlow").schema()).isEqualTo(Schema.FLOAT64_SCHEMA);
        assertThat(schema.field("ourSide").schema()).isEqualTo(Schema.OPTIONAL_INT32_SCHEMA);
        assertThat(schema.fields()).hasSize(16);
        Struct struct = (Struct) data.value();
        struct.validate();
        assertThat(struct.getString("partnerId")).isEqualTo("prodigal");
        assertThat(struct.getString("partnerName")).isEqualTo("Prodigal Accelerators");
        assertThat(struct.get("computedAt")).isEqualTo(Date.from(T0));
        assertThat(struct.getInt32("score")).isEqualTo(62);
        assertThat(struct.getString("band")).isEqualTo("RED");
        assertThat(struct.getFloat64("responsiveness")).isEqualTo(0.75);
        assertThat(struct.getFloat64("dealFlow")).isEqualTo(0.4);
        assertThat(struct.getInt32("ourSide")).isEqualTo(27);

        RiskSnapshot unnamed = RiskSnapshot.newBuilder(snapshot).setPartnerName(null).setOurSide(null).build();
        Struct withoutName = (Struct) converter().toConnectData("partner.risk.history",
                AvroWireSerde.forValue(registry, RiskSnapshot.class).serializer().serialize("partner.risk.history", unnamed)).value();
        assertThat(withoutName.get("partnerName")).isNull();
        assertThat(withoutName.get("ourSide")).isNull();
    }

    @Test
    void nestedRecordsArraysEnumsAndOptionalIntsToo() {
        PartnerRisk risk = new PartnerRisk("p-1", null, T0, 62, RiskBand.RED, 58, "v1",
                List.of(new RiskFactor("responsiveness", 0.75, 0.15, 11.25, List.of("request a-17 open for 46 days"))),
                List.of("Requests go unanswered."), null, List.of());
        byte[] bytes = AvroWireSerde.forValue(registry, PartnerRisk.class).serializer().serialize("partner.risk", risk);

        SchemaAndValue data = converter().toConnectData("partner.risk", bytes);
        Struct struct = (Struct) data.value();
        struct.validate();
        assertThat(data.schema().field("band").schema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(data.schema().field("previousScore").schema()).isEqualTo(Schema.OPTIONAL_INT32_SCHEMA);
        assertThat(struct.getString("band")).isEqualTo("RED");
        assertThat(struct.getInt32("previousScore")).isEqualTo(58);
        assertThat(struct.get("partnerName")).isNull();
        List<Struct> factors = struct.getArray("factors");
        assertThat(factors).hasSize(1);
        assertThat(factors.get(0).schema().name()).isEqualTo("io.partnersignals.contract.RiskFactor");
        assertThat(factors.get(0).getFloat64("contribution")).isEqualTo(11.25);
        assertThat(factors.get(0).<String>getArray("evidence")).containsExactly("request a-17 open for 46 days");
        assertThat(struct.<String>getArray("reasons")).containsExactly("Requests go unanswered.");
    }

    @Test
    void logicalTypesMapsAndFixedOfAnyWriterSchema() throws Exception {
        org.apache.avro.Schema decimal = LogicalTypes.decimal(9, 2).addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES));
        org.apache.avro.Schema micros = LogicalTypes.timestampMicros().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
        org.apache.avro.Schema date = LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        org.apache.avro.Schema time = LogicalTypes.timeMillis().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        org.apache.avro.Schema avro = SchemaBuilder.record("Other").namespace("t").fields()
                .name("price").type(decimal).noDefault()
                .name("at").type(micros).noDefault()
                .name("day").type(date).noDefault()
                .name("time").type(time).noDefault()
                .name("ratio").type().floatType().noDefault()
                .name("ok").type().booleanType().noDefault()
                .name("tags").type().map().values().longType().noDefault()
                .name("hash").type().fixed("Hash").size(2).noDefault()
                .name("blob").type().optional().bytesType()
                .endRecord();
        GenericRecord record = new GenericData.Record(avro);
        record.put("price", new Conversions.DecimalConversion().toBytes(new BigDecimal("12.34"), decimal, decimal.getLogicalType()));
        record.put("at", 1_785_585_600_250_999L);
        record.put("day", 3);
        record.put("time", 61_000);
        record.put("ratio", 0.5f);
        record.put("ok", true);
        record.put("tags", Map.of("a", 1L));
        record.put("hash", new GenericData.Fixed(avro.getField("hash").schema(), new byte[] {1, 2}));
        record.put("blob", ByteBuffer.wrap(new byte[] {7}));

        SchemaAndValue data = converter().toConnectData("t", wire(registry.register("t-value", avro), avro, record));

        Struct struct = (Struct) data.value();
        struct.validate();
        assertThat(data.schema().field("price").schema()).isEqualTo(Decimal.schema(2));
        assertThat(struct.get("price")).isEqualTo(new BigDecimal("12.34"));
        assertThat(struct.get("at")).isEqualTo(new Date(1_785_585_600_250L));
        assertThat(struct.get("day")).isEqualTo(new Date(3 * 86_400_000L));
        assertThat(data.schema().field("time").schema()).isEqualTo(Time.SCHEMA);
        assertThat(struct.get("time")).isEqualTo(new Date(61_000));
        assertThat(struct.getFloat32("ratio")).isEqualTo(0.5f);
        assertThat(struct.getBoolean("ok")).isTrue();
        assertThat(struct.<String, Long>getMap("tags")).containsEntry("a", 1L);
        assertThat(struct.getBytes("hash")).containsExactly(1, 2);
        assertThat(struct.getBytes("blob")).containsExactly(7);
    }

    @Test
    void unionsOfSeveralTypesAreRefused() throws Exception {
        org.apache.avro.Schema avro = SchemaBuilder.record("U").fields()
                .name("v").type().unionOf().stringType().and().intType().endUnion().noDefault().endRecord();
        GenericRecord record = new GenericData.Record(avro);
        record.put("v", 3);
        byte[] bytes = wire(registry.register("u-value", avro), avro, record);
        assertThatThrownBy(() -> converter().toConnectData("u", bytes)).isInstanceOf(DataException.class)
                .hasMessageContaining("only a union of null and one type");
    }

    @Test
    void tombstonesAreNullAndBadPayloadsAreDataExceptions() {
        AvroWireConverter c = converter();
        assertThat(c.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
        assertThat(c.toConnectData("t", new byte[0])).isEqualTo(SchemaAndValue.NULL);
        assertThatThrownBy(() -> c.toConnectData("t", "{\"json\":1}".getBytes())).isInstanceOf(DataException.class)
                .hasMessageContaining("magic byte 0x7b");
        assertThatThrownBy(() -> c.toConnectData("t", new byte[] {0, 0, 0})).isInstanceOf(DataException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> c.toConnectData("t", new byte[] {0, 0, 0, 0, 99, 1})).isInstanceOf(DataException.class)
                .hasMessageContaining("schema id 99");
        int id = registry.register("partner.risk.history-value", AvroWireSerde.forValue(registry, RiskSnapshot.class).registeredSchema());
        assertThatThrownBy(() -> c.toConnectData("t", new byte[] {0, 0, 0, 0, (byte) id, 1})).isInstanceOf(DataException.class)
                .hasMessageContaining("Cannot decode");
        assertThatThrownBy(() -> c.fromConnectData("t", Schema.STRING_SCHEMA, "x")).isInstanceOf(DataException.class);
    }

    @Test
    void aRegistryThatCannotBeReachedIsRetriable() {
        AvroWireConverter c = new AvroWireConverter();
        c.configure(Map.of("schema.registry.url", "http://127.0.0.1:1"), false);
        assertThatThrownBy(() -> c.toConnectData("t", new byte[] {0, 0, 0, 0, 1, 1})).isInstanceOf(RetriableException.class)
                .hasMessageContaining("Cannot fetch schema id 1");
        assertThatThrownBy(() -> new AvroWireConverter().configure(Map.of(), false)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.converter.registry.url");
    }

    static byte[] wire(int id, org.apache.avro.Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
