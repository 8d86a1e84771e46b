package io.partnersignals.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Converts between JSON objects and Avro specific records, guided by the record's schema, for the
 * JSON Lines files of replay. This is the human JSON of the contract's field names, not Avro's own JSON encoding:
 *
 * <ul>
 *   <li>field names are the schema's; a field the schema does not know is an error;</li>
 *   <li>times ({@code timestamp-millis}) are ISO-8601 instants such as {@code 2026-06-01T09:30:00Z}
 *       (an offset such as {@code +02:00} is accepted, and so are epoch milliseconds as a number);</li>
 *   <li>an optional field (a union with null) may be left out or be null; a field with a default may be
 *       left out; any other missing or null field is an error;</li>
 *   <li>enums are written by symbol name; an unknown symbol is an error naming the allowed symbols;</li>
 *   <li>ints and longs must be whole numbers in range, doubles any number, booleans true or false,
 *       strings JSON strings: no silent conversion between types.</li>
 * </ul>
 *
 * <p>Writing follows the field order of the schema, writes times as {@link Instant#toString()} and
 * absent optional values as null, so the same record always gives the same bytes. Every error is a
 * {@link JsonRecordException} whose message names the field by its path ({@code factors[0].value}).
 * Thread-safe.
 */
public final class JsonRecords {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper PEER_MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private JsonRecords() {
    }

    /** The mapper used for every line read and written: strict about duplicate keys and trailing text. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The mapper for other instances' answers: lenient with fields it does not know, as a peer may run a newer version. */
    public static ObjectMapper peerMapper() {
        return PEER_MAPPER;
    }

    // ---- reading -------------------------------------------------------------------------------

    /** Parses one JSON text (one line of a JSON Lines file). */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new JsonRecordException("invalid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()), e);
        }
    }

    /** Parses one JSON text and converts it into a record of {@code type}. */
    public static <T extends SpecificRecord> T fromJson(String text, Class<T> type) {
        return fromJson(parse(text), type);
    }

    /** Converts a JSON object into a record of the generated class {@code type}. */
    public static <T extends SpecificRecord> T fromJson(JsonNode json, Class<T> type) {
        Objects.requireNonNull(type, "type");
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        Object value = new Reader(model).record(json, schema, null);
        return type.cast(value);
    }

    /**
     * Converts a JSON object into a record of {@code schema}: an instance of the schema's generated
     * class when there is one, else a {@link GenericData.Record}.
     */
    public static IndexedRecord fromJson(JsonNode json, Schema schema) {
        Objects.requireNonNull(schema, "schema");
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("not a record schema: " + schema.getFullName());
        }
        return (IndexedRecord) new Reader(SpecificData.getForSchema(schema)).record(json, schema, null);
    }

    private static final class Reader {
        private final SpecificData model;

        Reader(SpecificData model) {
            this.model = model;
        }

        Object record(JsonNode json, Schema schema, String path) {
            if (json == null || !json.isObject()) {
                throw new JsonRecordException(path, "expected a JSON object for a " + schema.getName() + ", got "
                        + describe(json));
            }
            for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (schema.getField(name) == null) {
                    throw new JsonRecordException(join(path, name), "unknown field of " + schema.getName()
                            + "; its fields are " + schema.getFields().stream().map(Schema.Field::name)
                            .collect(Collectors.joining(", ")));
                }
            }
            Object record = model.newRecord(null, schema);
            IndexedRecord indexed = (IndexedRecord) record;
            for (Schema.Field field : schema.getFields()) {
                String fieldPath = join(path, field.name());
                JsonNode node = json.get(field.name());
                Object value;
                if (node == null) {
                    value = missing(field, fieldPath);
                } else {
                    value = value(node, field.schema(), fieldPath);
                }
                indexed.put(field.pos(), value);
            }
            return record;
        }

        private Object missing(Schema.Field field, String path) {
            if (field.hasDefaultValue()) {
                Object dflt = field.defaultVal();
                JsonNode node = dflt == null || dflt == JsonProperties.NULL_VALUE ? NullNode.getInstance()
                        : MAPPER.valueToTree(dflt);
                return value(node, field.schema(), path);
            }
            if (field.schema().isNullable()) {
                return null;
            }
            throw new JsonRecordException(path, "is required but missing");
        }

        Object value(JsonNode node, Schema schema, String path) {
            switch (schema.getType()) {
                case UNION -> {
                    return union(node, schema, path);
                }
                case NULL -> {
                    if (node.isNull()) {
                        return null;
                    }
                    throw wrongType(path, "null", node);
                }
                case RECORD -> {
                    if (node.isNull()) {
                        throw required(path);
                    }
                    return record(node, schema, path);
                }
                case ENUM -> {
                    if (node.isNull()) {
                        throw required(path);
                    }
                    if (!node.isTextual()) {
                        throw wrongType(path, "one of " + String.join(", ", schema.getEnumSymbols()), node);
                    }
                    String symbol = node.textValue();
                    if (!schema.hasEnumSymbol(symbol)) {
                        throw new JsonRecordException(path, "unknown " + schema.getName() + " '" + symbol
                                + "'; allowed: " + String.join(", ", schema.getEnumSymbols()));
                    }
                    return model.createEnum(symbol, schema);
                }
                case ARRAY -> {
                    if (node.isNull()) {
                        throw required(path);
                    }
                    if (!node.isArray()) {
                        throw wrongType(path, "an array", node);
                    }
                    List<Object> list = new ArrayList<>(node.size());
                    for (int i = 0; i < node.size(); i++) {
                        list.add(value(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                    }
                    return list;
                }
                case MAP -> {
                    if (node.isNull()) {
                        throw required(path);
                    }
                    if (!node.isObject()) {
                        throw wrongType(path, "an object", node);
                    }
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> e : node.properties()) {
                        map.put(e.getKey(), value(e.getValue(), schema.getValueType(), path + "." + e.getKey()));
                    }
                    return map;
                }
                case STRING -> {
                    if (node.isNull()) {
                        throw required(path);
                    }
                    if (!node.isTextual()) {
                        throw wrongType(path, "a string", node);
                    }
                    return node.textValue();
                }
                case BOOLEAN -> {
                    if (node.isNull()) {
                        throw required(path);
                    }
                    if (!node.isBoolean()) {
                        throw wrongType(path, "true or false", node);
                    }
                    return node.booleanValue();
                }
                case INT -> {
                    if (node.isNull()) {
                        throw required(path);
                    }
                    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                        throw wrongType(path, "a whole number (int)", node);
                    }
                    return node.intValue();
                }
                case LONG -> {
                    if (node.isNull()) {
                        throw required(path);
                    }
                    LogicalType logical = schema.getLogicalType();
                    if (logical instanceof LogicalTypes.TimestampMillis) {
                        return instant(node, path);
                    }
                    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                        throw wrongType(path, "a whole number (long)", node);
                    }
                    return node.longValue();
                }
                case FLOAT -> {
                    if (node.isNull()) {
                        throw required(path);
                    }
                    if (!node.isNumber()) {
                        throw wrongType(path, "a number", node);
                    }
                    return node.floatValue();
                }
                case DOUBLE -> {
                    if (node.isNull()) {
                        throw required(path);
                    }
                    if (!node.isNumber()) {
                        throw wrongType(path, "a number", node);
                    }
                    return node.doubleValue();
                }
                case BYTES -> {
                    if (node.isNull()) {
                        throw required(path);
                    }
                    if (!node.isTextual()) {
                        throw wrongType(path, "base64 text", node);
                    }
                    try {
                        return ByteBuffer.wrap(Base64.getDecoder().decode(node.textValue()));
                    } catch (IllegalArgumentException e) {
                        throw new JsonRecordException(path, "expected base64 text: " + e.getMessage());
                    }
                }
                default -> throw new JsonRecordException(path, "Avro type " + schema.getType() + " is not supported in JSON records");
            }
        }

        private Object union(JsonNode node, Schema union, String path) {
            if (node.isNull()) {
                if (union.isNullable()) {
                    return null;
                }
                throw required(path);
            }
            List<Schema> branches = new ArrayList<>();
            for (Schema s : union.getTypes()) {
                if (s.getType() != Schema.Type.NULL) {
                    branches.add(s);
                }
            }
            if (branches.size() == 1) {
                return value(node, branches.get(0), path);
            }
            JsonRecordException first = null;
            for (Schema branch : branches) {
                try {
                    return value(node, branch, path);
                } catch (JsonRecordException e) {
                    first = first == null ? e : first;
                }
            }
            throw first != null ? first : new JsonRecordException(path, "no type of the union matches " + describe(node));
        }

        private static Instant instant(JsonNode node, String path) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return Instant.ofEpochMilli(node.longValue());
            }
            if (node.isTextual()) {
                String text = node.textValue();
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    try {
                        return OffsetDateTime.parse(text).toInstant();
                    } catch (DateTimeParseException e2) {
                        throw new JsonRecordException(path, "'" + text
                                + "' is not an ISO-8601 instant such as 2026-06-01T09:30:00Z");
                    }
                }
            }
            throw wrongType(path, "an ISO-8601 time such as 2026-06-01T09:30:00Z (or epoch milliseconds)", node);
        }
    }

    private static JsonRecordException required(String path) {
        return new JsonRecordException(path, "is required and must not be null");
    }

    private static JsonRecordException wrongType(String path, String expected, JsonNode node) {
        return new JsonRecordException(path, "expected " + expected + ", got " + describe(node));
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            String t = node.textValue();
            return "the string " + (t.length() > 60 ? MAPPER.valueToTree(t.substring(0, 60)) + "..." : node.toString());
        }
        if (node.isNumber()) {
            return "the number " + node;
        }
        if (node.isBoolean()) {
            return String.valueOf(node.booleanValue());
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String join(String path, String name) {
        return path == null ? name : path + "." + name;
    }

    // ---- writing -------------------------------------------------------------------------------

    /** The JSON object of a record: the tree of {@link #toLine}'s text. */
    public static ObjectNode toJson(IndexedRecord record) {
        return (ObjectNode) parse(toLine(record));
    }

    /** The record as one line of JSON (no line break): the same record always gives the same text as {@link #toJson}. */
    public static String toLine(IndexedRecord record) {
        Objects.requireNonNull(record, "record");
        // streamed, not through a tree: replay writes a line per published score
        StringWriter text = new StringWriter(256);
        try (JsonGenerator out = MAPPER.getFactory().createGenerator(text)) {
            stream(record, record.getSchema(), SpecificData.getForSchema(record.getSchema()), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
        return text.toString();
    }

    /** Writes as {@link #write} builds: the two must give the same text. */
    private static void stream(Object value, Schema schema, SpecificData model, JsonGenerator out) throws IOException {
        if (value == null) {
            out.writeNull();
            return;
        }
        switch (schema.getType()) {
            case UNION -> stream(value, branch(value, schema, model), model, out);
            case NULL -> out.writeNull();
            case RECORD -> {
                IndexedRecord r = (IndexedRecord) value;
                out.writeStartObject();
                for (Schema.Field field : schema.getFields()) {
                    out.writeFieldName(field.name());
                    stream(r.get(field.pos()), field.schema(), model, out);
                }
                out.writeEndObject();
            }
            case ENUM -> out.writeString(value instanceof Enum<?> e ? e.name() : value.toString());
            case ARRAY -> {
                out.writeStartArray();
                for (Object item : (Collection<?>) value) {
                    stream(item, schema.getElementType(), model, out);
                }
                out.writeEndArray();
            }
            case MAP -> {
                Map<String, Object> sorted = new TreeMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> sorted.put(String.valueOf(k), v));
                out.writeStartObject();
                for (Map.Entry<String, Object> e : sorted.entrySet()) {
                    out.writeFieldName(e.getKey());
                    stream(e.getValue(), schema.getValueType(), model, out);
                }
                out.writeEndObject();
            }
            case STRING -> out.writeString(value.toString());
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case INT -> out.writeNumber(((Number) value).intValue());
            case LONG -> {
                if (value instanceof Instant i) {
                    out.writeString(i.toString());
                } else if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    out.writeString(Instant.ofEpochMilli(((Number) value).longValue()).toString());
                } else {
                    out.writeNumber(((Number) value).longValue());
                }
            }
            case FLOAT -> out.writeNumber(((Number) value).floatValue());
            case DOUBLE -> out.writeNumber(((Number) value).doubleValue());
            case BYTES -> {
                ByteBuffer b = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.writeString(Base64.getEncoder().encodeToString(bytes));
            }
            default -> throw new IllegalArgumentException("Avro type " + schema.getType() + " is not supported in JSON records");
        }
    }

    private static Schema branch(Object value, Schema union, SpecificData model) {
        Schema only = null;
        int nonNull = 0;
        for (Schema s : union.getTypes()) {
            if (s.getType() != Schema.Type.NULL) {
                only = s;
                nonNull++;
            }
        }
        return nonNull == 1 ? only : union.getTypes().get(model.resolveUnion(union, value));
    }

    /** A JSON node as one line of JSON (no line break). */
    public static String toLine(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
