package io.partnersignals.bi;

import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.connectors.RegistryTrustConfig;
import io.partnersignals.registry.RegistrySettings;
import io.partnersignals.registry.SchemaRegistry;
import io.partnersignals.registry.SchemaRegistryException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Reads records in the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary) into
 * Connect data, so that any sink connector (the Debezium JDBC sink for BI tables, for one) can
 * write our topics without a Confluent licence or custom code. Configure it as a sink connector's
 * {@code value.converter} (or {@code key.converter}) with {@code value.converter.registry.url}.
 *
 * <p>The writer schema is fetched once per schema id from a Confluent-compatible registry and turned
 * into a Connect schema: record → Struct (named after the record), string → STRING, int → INT32
 * ({@code date} → Date, {@code time-millis} → Time), long → INT64 ({@code timestamp-millis} and
 * {@code timestamp-micros} → Timestamp), float → FLOAT32, double → FLOAT64, boolean → BOOLEAN, enum
 * → STRING (the symbol), bytes and fixed → BYTES ({@code decimal} → Decimal), array → ARRAY, map →
 * MAP with STRING keys, and a union of null and one other type → that type, optional. Other unions
 * are not supported.
 *
 * <p>A payload that is not in the wire format, an unknown schema id or an unsupported schema is a
 * {@link DataException} (the sink's {@code errors.tolerance} and dead-letter queue handle it); a
 * registry that cannot be reached is a {@link RetriableException}, so that with
 * {@code errors.retry.timeout} the sink waits for it instead of dead-lettering good records.
 * A null or empty payload is a tombstone: null with no schema. Reads only: {@link #fromConnectData}
 * is not supported.
 */
public class AvroWireConverter implements Converter, Versioned {

    public static final String REGISTRY_URL = "registry.url";
    /** Confluent's name for the same setting, also accepted. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String REGISTRY_BASIC_AUTH = "registry.basic.auth.user.info";
    public static final String REGISTRY_BEARER_TOKEN = "registry.bearer.token";

    private static final ConfigDef CONFIG = RegistryTrustConfig.define(new ConfigDef())
            .define(REGISTRY_URL, Type.STRING, "", Importance.HIGH,
                    "Base URL of a Confluent-compatible schema registry, e.g. http://registry:8081 or "
                            + "http://apicurio:8080/apis/ccompat/v7 (or set " + SCHEMA_REGISTRY_URL + ").")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.LOW, "The same as " + REGISTRY_URL + ".")
            .define(REGISTRY_BASIC_AUTH, Type.PASSWORD, null, Importance.MEDIUM,
                    "user:password for HTTP basic auth to the registry; not together with a bearer token.")
            .define(REGISTRY_BEARER_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "Token sent to the registry as Authorization: Bearer.");

    /** A writer schema turned into Connect's, with its reader; or why it cannot be read. */
    private record Reading(org.apache.avro.Schema writer, Schema connectSchema, DatumReader<Object> reader, String error) {}

    private final Function<RegistrySettings, SchemaRegistry> registries;
    private final Map<Integer, Reading> readings = new ConcurrentHashMap<>();
    private SchemaRegistry registry;

    public AvroWireConverter() {
        this(ConfluentRestSchemaRegistry::new);
    }

    /** With another registry client (tests). */
    AvroWireConverter(Function<RegistrySettings, SchemaRegistry> registries) {
        this.registries = registries;
    }

    /** The plugin's version (Implementation-Version of its jar), shown by the worker's REST API. */
    @Override
    public String version() {
        return java.util.Optional.ofNullable(AvroWireConverter.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AbstractConfig config = new AbstractConfig(CONFIG, configs);
        String url = config.getString(REGISTRY_URL).isBlank() ? config.getString(SCHEMA_REGISTRY_URL) : config.getString(REGISTRY_URL);
        if (url.isBlank()) {
            throw new ConfigException(REGISTRY_URL, url, "the schema registry's URL is required, e.g. "
                    + (isKey ? "key" : "value") + ".converter." + REGISTRY_URL + "=http://registry:8081");
        }
        RegistrySettings settings;
        try {
            settings = RegistrySettings.of(url, secret(config.getPassword(REGISTRY_BASIC_AUTH)),
                    secret(config.getPassword(REGISTRY_BEARER_TOKEN))).withTrustStore(RegistryTrustConfig.trustStore(config));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(REGISTRY_URL, url, e.getMessage());
        }
        registry = registries.apply(settings);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        throw new DataException(getClass().getSimpleName() + " only reads (a sink connector's converter); "
                + "source connectors of this project write the wire format themselves");
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null || value.length == 0) {
            return SchemaAndValue.NULL;
        }
        if (value[0] != AvroWireSerde.MAGIC_BYTE) {
            throw new DataException(String.format("A record of topic '%s' is not in the Confluent wire format: "
                    + "magic byte 0x%02x, expected 0x00", topic, value[0] & 0xff));
        }
        if (value.length < AvroWireSerde.HEADER_SIZE) {
            throw new DataException("A record of topic '" + topic + "' is too short for the Confluent wire format: "
                    + value.length + " bytes");
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        Reading reading = readings.get(id);
        if (reading == null) {
            reading = reading(id, topic);
            Reading previous = readings.putIfAbsent(id, reading);
            reading = previous != null ? previous : reading;
        }
        if (reading.error() != null) {
            throw new DataException("Cannot read a record of topic '" + topic + "' with schema id " + id + ": " + reading.error());
        }
        Object avro;
        try {
            avro = reading.reader().read(null, DecoderFactory.get().binaryDecoder(value, AvroWireSerde.HEADER_SIZE,
                    value.length - AvroWireSerde.HEADER_SIZE, null));
        } catch (IOException | RuntimeException e) {
            throw new DataException("Cannot decode a record of topic '" + topic + "' with schema id " + id + ": " + e, e);
        }
        try {
            return new SchemaAndValue(reading.connectSchema(), toConnectValue(reading.writer(), reading.connectSchema(), avro));
        } catch (DataException e) {
            throw new DataException("Cannot convert a record of topic '" + topic + "' with schema id " + id + ": "
                    + e.getMessage(), e);
        }
    }

    /** Fetches the writer schema: a registry that cannot be reached is retriable and not cached; an unknown id is. */
    private Reading reading(int id, String topic) {
        org.apache.avro.Schema writer;
        try {
            writer = registry.byId(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                return new Reading(null, null, null, "the schema registry has no schema with this id (" + e.getMessage() + ")");
            }
            if (e.httpStatus() >= 400 && e.httpStatus() < 500) {
                throw new DataException("Cannot fetch schema id " + id + " for topic '" + topic + "': " + e.getMessage(), e);
            }
            throw new RetriableException("Cannot fetch schema id " + id + " for topic '" + topic + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RetriableException("Cannot fetch schema id " + id + " for topic '" + topic + "': " + e, e);
        }
        try {
            return new Reading(writer, toConnectSchema(writer, false), new GenericDatumReader<>(writer, writer, GenericData.get()), null);
        } catch (DataException e) {
            return new Reading(null, null, null, e.getMessage());
        }
    }

    /** The Connect schema of an Avro schema. */
    static Schema toConnectSchema(org.apache.avro.Schema avro, boolean optional) {
        LogicalType logical = avro.getLogicalType();
        SchemaBuilder builder = switch (avro.getType()) {
            case RECORD -> {
                SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
                for (org.apache.avro.Schema.Field field : avro.getFields()) {
                    struct.field(field.name(), toConnectSchema(field.schema(), false));
                }
                yield struct;
            }
            case UNION -> {
                List<org.apache.avro.Schema> others = avro.getTypes().stream()
                        .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).toList();
                if (others.size() != 1) {
                    throw new DataException("the union " + avro + " is not supported: only a union of null and one type");
                }
                yield null; // below
            }
            case STRING, ENUM -> SchemaBuilder.string();
            case INT -> logical instanceof LogicalTypes.Date ? org.apache.kafka.connect.data.Date.builder()
                    : logical instanceof LogicalTypes.TimeMillis ? Time.builder() : SchemaBuilder.int32();
            case LONG -> logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros
                    ? Timestamp.builder() : SchemaBuilder.int64();
            case FLOAT -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BOOLEAN -> SchemaBuilder.bool();
            case BYTES, FIXED -> logical instanceof LogicalTypes.Decimal d ? Decimal.builder(d.getScale()) : SchemaBuilder.bytes();
            case ARRAY -> SchemaBuilder.array(toConnectSchema(avro.getElementType(), false));
            case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, toConnectSchema(avro.getValueType(), false));
            case NULL -> throw new DataException("a field of type null alone is not supported");
        };
        if (builder == null) { // a union of null and one type
            org.apache.avro.Schema other = avro.getTypes().stream()
                    .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).findFirst().orElseThrow();
            return toConnectSchema(other, true);
        }
        if (avro.getDoc() != null && avro.getType() == org.apache.avro.Schema.Type.RECORD) {
            builder.doc(avro.getDoc());
        }
        if (optional) {
            builder.optional();
        }
        return builder.build();
    }

    /** The Connect value of an Avro value read with the generic model (logical types as their raw values). */
    static Object toConnectValue(org.apache.avro.Schema avroSchema, Schema schema, Object avro) {
        if (avro == null) {
            if (!schema.isOptional()) {
                throw new DataException("null for a required " + schema.type());
            }
            return null;
        }
        if (avroSchema.getType() == org.apache.avro.Schema.Type.UNION) {
            avroSchema = avroSchema.getTypes().stream()
                    .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).findFirst().orElseThrow();
        }
        LogicalType logical = avroSchema.getLogicalType();
        switch (schema.type()) {
            case STRUCT -> {
                GenericRecord record = (GenericRecord) avro;
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, toConnectValue(avroSchema.getField(field.name()).schema(), field.schema(),
                            record.get(field.name())));
                }
                return struct;
            }
            case STRING -> {
                return avro.toString(); // Utf8, String, an enum symbol
            }
            case INT32 -> {
                int n = (Integer) avro;
                if (logical instanceof LogicalTypes.Date) {
                    return new Date(n * 86_400_000L);
                }
                return logical instanceof LogicalTypes.TimeMillis ? new Date(n) : n;
            }
            case INT64 -> {
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    return new Date((Long) avro);
                }
                if (logical instanceof LogicalTypes.TimestampMicros) {
                    return new Date(Math.floorDiv((Long) avro, 1000L));
                }
                return avro;
            }
            case BYTES -> {
                byte[] bytes = avro instanceof GenericFixed fixed ? fixed.bytes() : toArray((ByteBuffer) avro);
                if (logical instanceof LogicalTypes.Decimal decimal) {
                    return new BigDecimal(new BigInteger(bytes), decimal.getScale());
                }
                return bytes;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object element : (Collection<?>) avro) {
                    list.add(toConnectValue(avroSchema.getElementType(), schema.valueSchema(), element));
                }
                return list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) avro).entrySet()) {
                    map.put(e.getKey().toString(), toConnectValue(avroSchema.getValueType(), schema.valueSchema(), e.getValue()));
                }
                return map;
            }
            default -> {
                return avro; // FLOAT32, FLOAT64, BOOLEAN
            }
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static String secret(Password password) {
        return password == null ? null : password.value();
    }
}
