package io.partnersignals.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of Avro specific records in the Confluent wire format: magic byte 0, the schema id as a
 * 4-byte big-endian int, then the Avro binary encoding. The subject of a topic follows Confluent's
 * TopicNameStrategy ({@code <topic>-value} or {@code <topic>-key}).
 *
 * <p>The serializer registers (or, without auto-registration, looks up) the record schema once per
 * topic and caches the id. The schema it registers is the contract schema without the Java-only
 * {@code avro.java.string} properties that the code generator adds, so that it is the same schema,
 * with the same id, as a non-Java client registering the {@code .avsc}.
 *
 * <p>The deserializer fetches the writer schema by the id in the record (once per id) and resolves it
 * to the reader schema (the schema of {@code T}), so that data written with an older or newer
 * compatible version of the schema is read; the resolution is checked once per writer id and an
 * incompatible writer schema is reported clearly. {@code null} and empty payloads deserialize to
 * {@code null}. All failures are {@link SerializationException}s.
 *
 * <p>Thread-safe: one instance may be shared by all stream threads.
 */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {

    public static final byte MAGIC_BYTE = 0;
    /** Magic byte and schema id. */
    public static final int HEADER_SIZE = 5;
    private static final String JAVA_STRING_PROP = "avro.java.string";
    private static final int MAX_RETAINED_BUFFER = 1 << 20;

    /** Per-thread buffers, reused across records and serdes; never shared between threads. */
    private static final class Buffers {
        final ExposedByteArrayOutputStream out = new ExposedByteArrayOutputStream();
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }

    private static final class ExposedByteArrayOutputStream extends ByteArrayOutputStream {
        ExposedByteArrayOutputStream() {
            super(256);
        }

        void trim() {
            if (buf.length > MAX_RETAINED_BUFFER) {
                buf = new byte[256];
            }
            reset();
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** The reader of one writer schema, or why there cannot be one. */
    private record Resolution<T>(DatumReader<T> reader, String error) {}

    private final SchemaRegistry registry;
    private final Schema schema;
    private final Schema registeredSchema;
    private final SpecificData model;
    private final boolean isKey;
    private final boolean autoRegister;
    private final DatumWriter<T> writer;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, Resolution<T>> readersById = new ConcurrentHashMap<>();
    private final Serializer<T> serializer = new WireSerializer();
    private final Deserializer<T> deserializer = new WireDeserializer();

    /**
     * @param registry where schemas are registered and looked up
     * @param type the generated record class; its schema is the writer schema and the reader schema
     * @param isKey whether the serde is for record keys (subject {@code <topic>-key}) or values
     * @param autoRegister whether the serializer registers the schema, or only looks up its id
     */
    public AvroWireSerde(SchemaRegistry registry, Class<T> type, boolean isKey, boolean autoRegister) {
        this(registry, SpecificData.getForClass(Objects.requireNonNull(type, "type")), SpecificData.get().getSchema(type),
                isKey, autoRegister);
    }

    /**
     * @param schema the schema of a generated record class {@code T} (its {@code SCHEMA$})
     * @see #AvroWireSerde(SchemaRegistry, Class, boolean, boolean)
     */
    public AvroWireSerde(SchemaRegistry registry, Schema schema, boolean isKey, boolean autoRegister) {
        this(registry, SpecificData.getForSchema(Objects.requireNonNull(schema, "schema")), schema, isKey, autoRegister);
    }

    private AvroWireSerde(SchemaRegistry registry, SpecificData model, Schema schema, boolean isKey, boolean autoRegister) {
        if (schema.getType() != Schema.Type.RECORD || model.getClass(schema) == null
                || !SpecificRecord.class.isAssignableFrom(model.getClass(schema))) {
            throw new IllegalArgumentException("not the schema of a generated Avro record class: " + schema.getFullName());
        }
        this.registry = Objects.requireNonNull(registry, "registry");
        this.model = model;
        this.schema = schema;
        this.registeredSchema = withoutJavaProperties(schema);
        this.isKey = isKey;
        this.autoRegister = autoRegister;
        this.writer = new SpecificDatumWriter<>(schema, model);
    }

    /** A value serde that registers its schema. */
    public static <T extends SpecificRecord> AvroWireSerde<T> forValue(SchemaRegistry registry, Class<T> type) {
        return new AvroWireSerde<>(registry, type, false, true);
    }

    /** A key serde that registers its schema. */
    public static <T extends SpecificRecord> AvroWireSerde<T> forKey(SchemaRegistry registry, Class<T> type) {
        return new AvroWireSerde<>(registry, type, true, true);
    }

    /** The subject of a topic's keys or values under Confluent's TopicNameStrategy. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    /** The reader and writer schema, as the generated class has it. */
    public Schema schema() {
        return schema;
    }

    /** The schema as registered: {@link #schema()} without Java-only properties. */
    public Schema registeredSchema() {
        return registeredSchema;
    }

    public boolean isKey() {
        return isKey;
    }

    public boolean autoRegister() {
        return autoRegister;
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    private final class WireSerializer implements Serializer<T> {
        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null;
            }
            int id = schemaId(topic);
            Buffers buffers = BUFFERS.get();
            ExposedByteArrayOutputStream out = buffers.out;
            try {
                out.write(MAGIC_BYTE);
                out.write(id >>> 24);
                out.write(id >>> 16);
                out.write(id >>> 8);
                out.write(id);
                buffers.encoder = EncoderFactory.get().directBinaryEncoder(out, buffers.encoder);
                writer.write(data, buffers.encoder);
                buffers.encoder.flush();
                return out.toByteArray();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot serialize a " + schema.getName() + " for topic '" + topic
                        + "' with schema id " + id + ": " + e, e);
            } finally {
                out.trim();
            }
        }

        @Override
        public byte[] serialize(String topic, Headers headers, T data) {
            return serialize(topic, data);
        }
    }

    private int schemaId(String topic) {
        Integer id = idsByTopic.get(topic);
        if (id != null) {
            return id;
        }
        String subject = subject(topic, isKey);
        try {
            id = autoRegister ? registry.register(subject, registeredSchema) : registry.lookup(subject, registeredSchema);
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot " + (autoRegister ? "register" : "look up") + " schema "
                    + schema.getFullName() + " under subject '" + subject + "': " + e.getMessage(), e);
        }
        idsByTopic.putIfAbsent(topic, id);
        return id;
    }

    private final class WireDeserializer implements Deserializer<T> {
        @Override
        public T deserialize(String topic, byte[] data) {
            return data == null ? null : decode(topic, data, 0, data.length);
        }

        @Override
        public T deserialize(String topic, Headers headers, byte[] data) {
            return deserialize(topic, data);
        }

        @Override
        public T deserialize(String topic, Headers headers, ByteBuffer data) {
            if (data == null) {
                return null;
            }
            if (data.hasArray()) {
                return decode(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
            }
            byte[] copy = new byte[data.remaining()];
            data.duplicate().get(copy);
            return decode(topic, copy, 0, copy.length);
        }
    }

    private T decode(String topic, byte[] data, int offset, int length) {
        if (length == 0) {
            return null;
        }
        if (data[offset] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x in a record of topic '%s'; expected 0x00 (Confluent wire format)",
                    data[offset] & 0xff, topic));
        }
        if (length < HEADER_SIZE) {
            throw new SerializationException("Payload too short in a record of topic '" + topic + "': " + length
                    + " bytes, the Confluent wire format needs at least " + HEADER_SIZE + " (magic byte and schema id)");
        }
        int id = ((data[offset + 1] & 0xff) << 24) | ((data[offset + 2] & 0xff) << 16)
                | ((data[offset + 3] & 0xff) << 8) | (data[offset + 4] & 0xff);
        Resolution<T> resolution = readersById.get(id);
        if (resolution == null) {
            resolution = resolve(id, topic);
            Resolution<T> previous = readersById.putIfAbsent(id, resolution);
            resolution = previous != null ? previous : resolution;
        }
        if (resolution.error() != null) {
            throw new SerializationException("Cannot read a record of topic '" + topic + "': " + resolution.error());
        }
        Buffers buffers = BUFFERS.get();
        try {
            buffers.decoder = DecoderFactory.get().binaryDecoder(data, offset + HEADER_SIZE, length - HEADER_SIZE, buffers.decoder);
            return resolution.reader().read(null, buffers.decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode a record of topic '" + topic + "' as " + schema.getName()
                    + " with writer schema id " + id + ": " + e, e);
        }
    }

    /** Fetches the writer schema; a registry that cannot be reached is not cached, an incompatible schema is. */
    private Resolution<T> resolve(int id, String topic) {
        Schema writerSchema;
        try {
            writerSchema = registry.byId(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new SerializationException("Unknown schema id " + id + " in a record of topic '" + topic
                        + "': the schema registry has no such schema (" + e.getMessage() + ")", e);
            }
            throw new SerializationException("Cannot fetch schema id " + id + " for a record of topic '" + topic
                    + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot fetch schema id " + id + " for a record of topic '" + topic
                    + "': " + e, e);
        }
        SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(schema, writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String problems = compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                    .collect(Collectors.joining("; "));
            return new Resolution<>(null, "cannot resolve writer schema id " + id + " (" + writerSchema.getFullName()
                    + ") to reader schema " + schema.getFullName() + ": " + problems);
        }
        return new Resolution<>(new SpecificDatumReader<>(writerSchema, schema, model), null);
    }

    /** The schema without the {@code avro.java.string} properties that only Java code generation needs. */
    static Schema withoutJavaProperties(Schema schema) {
        String text = schema.toString();
        if (!text.contains(JAVA_STRING_PROP)) {
            return schema;
        }
        try {
            JsonNode json = new ObjectMapper().readTree(text);
            strip(json);
            return new Schema.Parser().parse(json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void strip(JsonNode json) {
        if (json instanceof ObjectNode object) {
            object.remove(JAVA_STRING_PROP);
        }
        json.forEach(AvroWireSerde::strip);
    }

    @Override
    public String toString() {
        return "AvroWireSerde[" + schema.getFullName() + (isKey ? ", key" : ", value")
                + (autoRegister ? ", auto-register" : "") + ", " + registry + "]";
    }
}
