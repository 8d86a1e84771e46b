package io.partnersignals.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.PricingEventType;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroWireSerdeTest {

    private final LocalSchemaRegistry registry = new LocalSchemaRegistry();

    static Stream<SpecificRecord> everyContractRecord() {
        return Stream.concat(ContractSamples.full().stream(), ContractSamples.minimal().stream());
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> AvroWireSerde<T> serdeOf(SchemaRegistry registry, T record, boolean isKey) {
        return new AvroWireSerde<>(registry, (Class<T>) record.getClass(), isKey, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyContractRecord")
    void roundTripsEveryContractRecordType(SpecificRecord record) {
        AvroWireSerde<SpecificRecord> serde = serdeOf(registry, record, false);
        byte[] bytes = serde.serializer().serialize("topic", record);

        SpecificRecord back = serde.deserializer().deserialize("topic", bytes);

        assertThat(back).isEqualTo(record).isInstanceOf(record.getClass());
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(registry.subjects()).containsExactly("topic-value");
        assertThat(registry.versions("topic-value")).containsExactly(serde.registeredSchema());
    }

    @Test
    void readsStringsAsJavaStringsAndTimestampsAsInstants() {
        AvroWireSerde<io.partnersignals.contract.CrmActivity> serde =
                AvroWireSerde.forValue(registry, io.partnersignals.contract.CrmActivity.class);
        var activity = (io.partnersignals.contract.CrmActivity) ContractSamples.full().get(2);

        var back = serde.deserializer().deserialize("crm.activity", serde.serializer().serialize("crm.activity", activity));

        assertThat((Object) back.getActivityId()).isInstanceOf(String.class);
        assertThat(back.getOccurredAt()).isEqualTo(ContractSamples.T0);
    }

    @Test
    void keySerdeUsesTheKeySubjectAndTheSameIdAsTheSameSchemaElsewhere() {
        Partner partner = ContractSamples.partner();
        AvroWireSerde<Partner> keys = AvroWireSerde.forKey(registry, Partner.class);
        AvroWireSerde<Partner> values = AvroWireSerde.forValue(registry, Partner.class);

        byte[] key = keys.serializer().serialize("partners", partner);
        byte[] value = values.serializer().serialize("partners", partner);

        assertThat(registry.subjects()).containsExactly("partners-key", "partners-value");
        assertThat(Arrays.copyOfRange(key, 0, 5)).isEqualTo(Arrays.copyOfRange(value, 0, 5));
        assertThat(keys.isKey()).isTrue();
        assertThat(AvroWireSerde.subject("partners", true)).isEqualTo("partners-key");
        assertThat(AvroWireSerde.subject("partners", false)).isEqualTo("partners-value");
    }

    @Test
    void writesTheExactConfluentWireFormat() {
        SchemaRegistry fixedId = new SchemaRegistry() {
            @Override
            public int register(String subject, Schema schema) {
                return 0x0A0B0C0D;
            }

            @Override
            public int lookup(String subject, Schema schema) {
                throw new AssertionError("not expected");
            }

            @Override
            public Schema byId(int id) {
                throw new AssertionError("not expected");
            }
        };
        Competitor competitor = new Competitor("c1", "Acme", List.of("acme.com"));

        byte[] bytes = AvroWireSerde.forValue(fixedId, Competitor.class).serializer().serialize("competitors", competitor);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[] {0, 0x0A, 0x0B, 0x0C, 0x0D}); // magic byte, big-endian schema id
        expected.write(2 * 2); // zig-zag length of "c1"
        expected.writeBytes("c1".getBytes(StandardCharsets.UTF_8));
        expected.write(2 * 4);
        expected.writeBytes("Acme".getBytes(StandardCharsets.UTF_8));
        expected.write(2 * 1); // one array block of one item
        expected.write(2 * 8);
        expected.writeBytes("acme.com".getBytes(StandardCharsets.UTF_8));
        expected.write(0); // end of array
        assertThat(bytes).isEqualTo(expected.toByteArray());
    }

    @Test
    void firstSchemaOfALocalRegistryHasIdOne() {
        byte[] bytes = AvroWireSerde.forValue(registry, Partner.class).serializer().serialize("partners", ContractSamples.partner());

        assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0, 0, 0, 0, 1);
    }

    @Test
    void callsTheRegistryOncePerSubjectNotPerRecord() {
        CountingSchemaRegistryDouble counting = new CountingSchemaRegistryDouble(registry);
        AvroWireSerde<Partner> values = AvroWireSerde.forValue(counting, Partner.class);
        AvroWireSerde<Partner> keys = AvroWireSerde.forKey(counting, Partner.class);
        List<byte[]> written = new ArrayList<>();

        for (int i = 0; i < 500; i++) {
            Partner partner = new Partner("p-" + i, "Partner " + i, List.of(), PartnerKind.RESELLER);
            written.add(values.serializer().serialize("partners", partner));
            written.add(values.serializer().serialize("partners.copy", partner));
            written.add(keys.serializer().serialize("partners", partner));
        }
        for (byte[] bytes : written) {
            assertThat(values.deserializer().deserialize("partners", bytes)).isNotNull();
        }

        assertThat(counting.registerCalls()).isEqualTo(3);
        assertThat(counting.registerCalls("partners-value")).isEqualTo(1);
        assertThat(counting.registerCalls("partners.copy-value")).isEqualTo(1);
        assertThat(counting.registerCalls("partners-key")).isEqualTo(1);
        assertThat(counting.byIdCalls()).isEqualTo(1); // one schema, one id
        assertThat(counting.lookupCalls()).isZero();
    }

    @Test
    void withoutAutoRegistrationLooksTheIdUpOnce() {
        CountingSchemaRegistryDouble counting = new CountingSchemaRegistryDouble(registry);
        int id = registry.register("partners-value", AvroWireSerde.forValue(registry, Partner.class).registeredSchema());
        AvroWireSerde<Partner> serde = new AvroWireSerde<>(counting, Partner.class, false, false);

        byte[] first = serde.serializer().serialize("partners", ContractSamples.partner());
        serde.serializer().serialize("partners", ContractSamples.partner());

        assertThat(first[4]).isEqualTo((byte) id);
        assertThat(counting.lookupCalls()).isEqualTo(1);
        assertThat(counting.registerCalls()).isZero();
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaIsASerializationError() {
        AvroWireSerde<Partner> serde = new AvroWireSerde<>(registry, Partner.class, false, false);

        assertThatThrownBy(() -> serde.serializer().serialize("partners", ContractSamples.partner()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot look up schema io.partnersignals.contract.Partner under subject 'partners-value'")
                .hasMessageContaining("not found");
    }

    @Test
    void registersTheContractSchemaAsWrittenInTheAvscWithoutJavaProperties() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        parse(parser, "RiskBand");
        parse(parser, "RiskFactor");
        parse(parser, "OurSide");
        parse(parser, "AlertKind");
        for (SpecificRecord record : ContractSamples.full()) {
            AvroWireSerde<SpecificRecord> serde = serdeOf(registry, record, false);
            String name = record.getSchema().getName();
            Schema contract = name.equals("RiskFactor") ? parser.getTypes().get(record.getSchema().getFullName()) : parse(parser, name);

            assertThat(serde.registeredSchema().toString()).as(name).doesNotContain("avro.java.string")
                    .isEqualTo(contract.toString());
            assertThat(serde.schema().toString()).as(name).contains("avro.java.string");
        }
    }

    private static Schema parse(Schema.Parser parser, String name) throws IOException {
        try (InputStream in = AvroWireSerdeTest.class.getResourceAsStream("/avro/" + name + ".avsc")) {
            assertThat(in).as("avro/" + name + ".avsc in the schemas jar").isNotNull();
            return parser.parse(in);
        }
    }

    // --- schema evolution -------------------------------------------------------------------------

    private static Schema contract(Class<? extends SpecificRecord> type) {
        return AvroWireSerde.withoutJavaProperties(org.apache.avro.specific.SpecificData.get().getSchema(type));
    }

    private static Schema copy(Schema schema, String without, Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            if (!f.name().equals(without)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        if (extra != null) {
            fields.add(extra);
        }
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static byte[] wire(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void readsDataWrittenWithANewerSchemaThatHasAnExtraField() throws IOException {
        Schema newer = copy(contract(Partner.class), null,
                new Schema.Field("tier", Schema.create(Schema.Type.STRING), "Partner tier.", "gold"));
        int id = registry.register("partners-value", newer);
        GenericRecord record = new GenericData.Record(newer);
        record.put("partnerId", "p-7");
        record.put("name", "Seven");
        record.put("domains", List.of("seven.example"));
        record.put("kind", new GenericData.EnumSymbol(newer.getField("kind").schema(), "SERVICE"));
        record.put("tier", "platinum");

        Partner read = AvroWireSerde.forValue(registry, Partner.class).deserializer()
                .deserialize("partners", wire(id, newer, record));

        assertThat(read).isEqualTo(new Partner("p-7", "Seven", List.of("seven.example"), PartnerKind.SERVICE));
    }

    @Test
    void fillsDefaultsForFieldsThatAnOlderWriterLacked() throws IOException {
        Schema older = copy(copy(contract(PricingEvent.class), "currency", null), "sku", null);
        int id = registry.register("pricing.events-value", older);
        GenericRecord record = new GenericData.Record(older);
        record.put("eventId", "e-9");
        record.put("partnerId", "p-1");
        record.put("occurredAt", 1_000L);
        record.put("type", new GenericData.EnumSymbol(older.getField("type").schema(), "PROMOTION_STARTED"));
        record.put("promotionId", "promo-1");

        PricingEvent read = AvroWireSerde.forValue(registry, PricingEvent.class).deserializer()
                .deserialize("pricing.events", wire(id, older, record));

        assertThat(read).isEqualTo(new PricingEvent("e-9", "p-1", Instant.ofEpochMilli(1_000), PricingEventType.PROMOTION_STARTED,
                "promo-1", null, null, null, null, null, null, "USD"));
    }

    @Test
    void aWriterSchemaThatCannotBeResolvedIsReportedOnceAndClearly() throws IOException {
        Schema noName = copy(contract(Partner.class), "name", null);
        CountingSchemaRegistryDouble counting = new CountingSchemaRegistryDouble(registry);
        int id = registry.register("partners-value", noName);
        GenericRecord record = new GenericData.Record(noName);
        record.put("partnerId", "p-1");
        record.put("domains", List.of());
        record.put("kind", new GenericData.EnumSymbol(noName.getField("kind").schema(), "OTHER"));
        byte[] bytes = wire(id, noName, record);
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(counting, Partner.class);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("partners", bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("cannot resolve writer schema id 1 (io.partnersignals.contract.Partner) to reader schema io.partnersignals.contract.Partner")
                    .hasMessageContaining("READER_FIELD_MISSING_DEFAULT")
                    .hasMessageContaining("name");
        }
        assertThat(counting.byIdCalls()).isEqualTo(1);
    }

    @Test
    void aRecordOfAnotherTypeCannotBeResolved() {
        RiskAlert alert = (RiskAlert) ContractSamples.full().get(7);
        byte[] bytes = AvroWireSerde.forValue(registry, RiskAlert.class).serializer().serialize("partners", alert);

        assertThatThrownBy(() -> AvroWireSerde.forValue(registry, Partner.class).deserializer().deserialize("partners", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot resolve writer schema id 1 (io.partnersignals.contract.RiskAlert)")
                .hasMessageContaining("NAME_MISMATCH");
    }

    // --- malformed input --------------------------------------------------------------------------

    @Test
    void rejectsAnUnknownMagicByte() {
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(registry, Partner.class);

        assertThatThrownBy(() -> serde.deserializer().deserialize("partners", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte 0x01")
                .hasMessageContaining("partners");
        assertThatThrownBy(() -> serde.deserializer().deserialize("partners", "{\"json\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte 0x7b");
    }

    @Test
    void rejectsAPayloadTooShortForTheHeader() {
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(registry, Partner.class);

        assertThatThrownBy(() -> serde.deserializer().deserialize("partners", new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Payload too short")
                .hasMessageContaining("3 bytes");
    }

    @Test
    void rejectsAnUnknownSchemaId() {
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(registry, Partner.class);

        assertThatThrownBy(() -> serde.deserializer().deserialize("partners", new byte[] {0, 0, 0, 0, 99, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown schema id 99")
                .hasCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void rejectsABodyThatIsNotValidForTheWriterSchema() {
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(registry, Partner.class);
        byte[] good = serde.serializer().serialize("partners", ContractSamples.partner());

        assertThatThrownBy(() -> serde.deserializer().deserialize("partners", Arrays.copyOf(good, 8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot decode a record of topic 'partners' as Partner with writer schema id 1");
        assertThat(serde.deserializer().deserialize("partners", good)).isEqualTo(ContractSamples.partner());
    }

    @Test
    void aRecordThatBreaksItsSchemaIsASerializationError() {
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(registry, Partner.class);

        assertThatThrownBy(() -> serde.serializer().serialize("partners", new Partner()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot serialize a Partner for topic 'partners'");
        // the thread's buffer is clean afterwards
        byte[] ok = serde.serializer().serialize("partners", ContractSamples.partner());
        assertThat(serde.deserializer().deserialize("partners", ok)).isEqualTo(ContractSamples.partner());
    }

    @Test
    void nullAndEmptyAreNull() {
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(registry, Partner.class);

        assertThat(serde.serializer().serialize("partners", null)).isNull();
        assertThat(serde.deserializer().deserialize("partners", (byte[]) null)).isNull();
        assertThat(serde.deserializer().deserialize("partners", new byte[0])).isNull();
        assertThat(serde.deserializer().deserialize("partners", null, (ByteBuffer) null)).isNull();
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void deserializesFromASliceOfALargerBuffer() {
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(registry, Partner.class);
        byte[] bytes = serde.serializer().serialize("partners", ContractSamples.partner());
        byte[] larger = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, larger, 3, bytes.length);
        ByteBuffer slice = ByteBuffer.wrap(larger, 3, bytes.length).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();

        assertThat(serde.deserializer().deserialize("partners", null, slice)).isEqualTo(ContractSamples.partner());
        assertThat(serde.deserializer().deserialize("partners", null, direct)).isEqualTo(ContractSamples.partner());
        assertThat(direct.position()).isZero();
    }

    @Test
    void theSchemaConstructorBehavesLikeTheClassConstructor() {
        AvroWireSerde<Partner> bySchema = new AvroWireSerde<>(registry, Partner.getClassSchema(), false, true);
        byte[] bytes = bySchema.serializer().serialize("partners", ContractSamples.partner());

        assertThat(AvroWireSerde.forValue(registry, Partner.class).deserializer().deserialize("partners", bytes))
                .isEqualTo(ContractSamples.partner());
        assertThat(bySchema.deserializer().deserialize("partners", bytes)).isEqualTo(ContractSamples.partner());
        assertThatThrownBy(() -> new AvroWireSerde<>(registry, RiskBand.getClassSchema(), false, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        AvroWireSerde<Partner> serde = AvroWireSerde.forValue(new CountingSchemaRegistryDouble(registry), Partner.class);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 2_000; i++) {
                        Partner p = new Partner("p-" + thread + "-" + i, "n".repeat(i % 50), List.of("d" + i + ".example"),
                                PartnerKind.values()[i % PartnerKind.values().length]);
                        String topic = "topic-" + (i % 3);
                        if (serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, p)).equals(p)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.subjects()).containsExactly("topic-0-value", "topic-1-value", "topic-2-value");
    }
}
