package io.partnersignals.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.ConfluentRestSchemaRegistry;
import io.partnersignals.connectors.RegistryTrustConfig;
import io.partnersignals.registry.RegistrySettings;
import io.partnersignals.registry.SchemaRegistry;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Debezium change events of one table into records of the contract: key = the partner id
 * (String), value = the record in the Confluent wire format (bytes, registered under
 * {@code <topic>-value}), timestamp = the event time, topic = {@value #TOPIC}. The connector then
 * needs {@code key.converter=org.apache.kafka.connect.storage.StringConverter} and
 * {@code value.converter=org.apache.kafka.connect.converters.ByteArrayConverter}.
 *
 * <p>Inserts ({@code c}), snapshot reads ({@code r}) and updates ({@code u}) are read from the row
 * after the change; deletes, truncates, tombstones and Debezium heartbeats are dropped (Connect still
 * commits their offsets, so the replication slot advances). A row that cannot become a valid record
 * (a required column missing, an unknown enum value, a negative amount, ...) is a {@link DataException}
 * naming the table, the row's key and the reason, which the connector's {@code errors.tolerance}
 * handles; or, with {@value #DEAD_LETTER_TOPIC} set, the row goes to that topic as JSON, with headers
 * naming the error, and nothing fails. (Kafka Connect has no dead-letter queue for source connectors:
 * {@code errors.deadletterqueue.*} applies to sink connectors only.)
 *
 * <p>The schema is registered (or looked up) when the transform is configured, so that a registry
 * that cannot be reached stops the task at start instead of failing records later.
 */
public abstract class ChangeEventToAvro<R extends ConnectRecord<R>, T extends SpecificRecord> implements Transformation<R>, Versioned {

    private static final Logger log = LoggerFactory.getLogger(ChangeEventToAvro.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String TOPIC = "topic";
    public static final String REGISTRY_URL = "registry.url";
    public static final String REGISTRY_BASIC_AUTH = "registry.basic.auth.user.info";
    public static final String REGISTRY_BEARER_TOKEN = "registry.bearer.token";
    public static final String REGISTRY_AUTO_REGISTER = "registry.auto.register";
    public static final String DEAD_LETTER_TOPIC = "dead.letter.topic";

    /** Headers of a row sent to the dead-letter topic: the names Connect gives its sink dead letters. */
    public static final String HEADER_TOPIC = "__connect.errors.topic";
    public static final String HEADER_EXCEPTION = "__connect.errors.exception.class.name";
    public static final String HEADER_MESSAGE = "__connect.errors.exception.message";
    public static final String HEADER_TABLE = "__connect.errors.source.table";

    /** The plugin's version (Implementation-Version of its jar), shown by the worker's REST API. */
    static final String VERSION = java.util.Optional.ofNullable(ChangeEventToAvro.class.getPackage().getImplementationVersion())
            .orElse("dev");

    private static final String HEARTBEAT_SCHEMA = "io.debezium.connector.common.Heartbeat";

    private final Class<T> type;
    private final String defaultTopic;
    private final Function<RegistrySettings, SchemaRegistry> registries;
    private String topic;
    private String deadLetterTopic;
    private AvroWireSerde<T> serde;

    protected ChangeEventToAvro(Class<T> type, String defaultTopic, Function<RegistrySettings, SchemaRegistry> registries) {
        this.type = type;
        this.defaultTopic = defaultTopic;
        this.registries = Objects.requireNonNull(registries, "registries");
    }

    protected ChangeEventToAvro(Class<T> type, String defaultTopic) {
        this(type, defaultTopic, ConfluentRestSchemaRegistry::new);
    }

    /** The record of the row; {@link InvalidRowException} when it cannot be one. */
    protected abstract T toRecord(RowReader row);

    protected abstract String partnerId(T record);

    protected abstract Instant occurredAt(T record);

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public ConfigDef config() {
        return RegistryTrustConfig.define(new ConfigDef())
                .define(TOPIC, Type.STRING, defaultTopic, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Topic the " + type.getSimpleName() + " records go to.")
                .define(REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Base URL of a Confluent-compatible schema registry, e.g. http://registry:8081 or "
                                + "http://apicurio:8080/apis/ccompat/v7.")
                .define(REGISTRY_BASIC_AUTH, Type.PASSWORD, null, Importance.MEDIUM,
                        "user:password for HTTP basic auth to the registry; not together with a bearer token.")
                .define(REGISTRY_BEARER_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                        "Token sent to the registry as Authorization: Bearer.")
                .define(REGISTRY_AUTO_REGISTER, Type.BOOLEAN, true, Importance.LOW,
                        "Register the schema under <topic>-value; false only looks its id up.")
                .define(DEAD_LETTER_TOPIC, Type.STRING, "", Importance.MEDIUM,
                        "Topic for rows that cannot become valid records: the row as JSON, keyed by the row's key "
                                + "as JSON, with headers " + HEADER_TOPIC + ", " + HEADER_TABLE + ", " + HEADER_EXCEPTION
                                + " and " + HEADER_MESSAGE + ". Empty: such a row raises a DataException, which "
                                + "errors.tolerance handles (all: logged and skipped; none: the task fails).");
    }

    @Override
    public void configure(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(config(), configs);
        topic = config.getString(TOPIC);
        deadLetterTopic = config.getString(DEAD_LETTER_TOPIC).strip();
        RegistrySettings settings;
        try {
            settings = RegistrySettings.of(config.getString(REGISTRY_URL), secret(config.getPassword(REGISTRY_BASIC_AUTH)),
                    secret(config.getPassword(REGISTRY_BEARER_TOKEN))).withTrustStore(RegistryTrustConfig.trustStore(config));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(REGISTRY_URL, config.getString(REGISTRY_URL), e.getMessage());
        }
        boolean autoRegister = config.getBoolean(REGISTRY_AUTO_REGISTER);
        SchemaRegistry registry = registries.apply(settings);
        serde = new AvroWireSerde<>(registry, type, false, autoRegister);
        String subject = AvroWireSerde.subject(topic, false);
        try {
            int id = autoRegister ? registry.register(subject, serde.registeredSchema())
                    : registry.lookup(subject, serde.registeredSchema());
            log.info("{} records go to topic {} with schema id {} (subject {})", type.getSimpleName(), topic, id, subject);
        } catch (RuntimeException e) {
            throw new ConnectException("Cannot " + (autoRegister ? "register" : "look up") + " the "
                    + type.getSimpleName() + " schema under subject '" + subject + "' at " + settings.url() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public R apply(R record) {
        Object value = record.value();
        if (!(value instanceof Struct envelope)) {
            if (value == null) {
                return null; // a tombstone
            }
            throw new DataException("Not a Debezium change event (a " + value.getClass().getName() + " in topic "
                    + record.topic() + "): put " + getClass().getSimpleName() + " on a Debezium source connector");
        }
        if (HEARTBEAT_SCHEMA.equals(envelope.schema().name())) {
            return null;
        }
        if (envelope.schema().field("op") == null || envelope.schema().field("after") == null) {
            throw new DataException("Not a Debezium change event envelope (schema " + envelope.schema().name()
                    + " in topic " + record.topic() + "): leave the change events as they are before "
                    + getClass().getSimpleName());
        }
        String op = envelope.getString("op");
        if (!"c".equals(op) && !"r".equals(op) && !"u".equals(op)) {
            return null; // d (delete), t (truncate), m (message)
        }
        Struct after = envelope.getStruct("after");
        if (after == null) {
            return invalid(record, envelope, "the event has no row after the change");
        }
        T result;
        try {
            result = toRecord(new RowReader(after));
        } catch (InvalidRowException e) {
            return invalid(record, envelope, e.getMessage());
        } catch (AvroRuntimeException e) { // a builder finding a required field unset
            return invalid(record, envelope, e.getMessage());
        }
        byte[] bytes;
        try {
            bytes = serde.serializer().serialize(topic, result);
        } catch (SerializationException e) {
            throw new DataException("Cannot write " + describe(record, envelope) + " as " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
        return record.newRecord(topic, null, Schema.STRING_SCHEMA, partnerId(result), Schema.BYTES_SCHEMA, bytes,
                occurredAt(result).toEpochMilli());
    }

    private R invalid(R record, Struct envelope, String reason) {
        String message = describe(record, envelope) + " cannot become a " + type.getSimpleName() + ": " + reason;
        if (deadLetterTopic.isEmpty()) {
            throw new DataException(message);
        }
        log.warn("{}; sent to {}", message, deadLetterTopic);
        Struct after = envelope.getStruct("after");
        byte[] row = json(after == null ? envelope : after).getBytes(StandardCharsets.UTF_8);
        R dead = record.newRecord(deadLetterTopic, null, Schema.STRING_SCHEMA, json(record.key()), Schema.BYTES_SCHEMA,
                row, record.timestamp());
        Headers headers = dead.headers();
        headers.addString(HEADER_TOPIC, record.topic());
        headers.addString(HEADER_TABLE, table(envelope));
        headers.addString(HEADER_EXCEPTION, DataException.class.getName());
        headers.addString(HEADER_MESSAGE, message);
        return dead;
    }

    /** "crm_activity row {"activity_id":"a-1"}". */
    private static String describe(ConnectRecord<?> record, Struct envelope) {
        return table(envelope) + " row " + json(record.key());
    }

    private static String table(Struct envelope) {
        Field source = envelope.schema().field("source");
        if (source != null && envelope.get(source) instanceof Struct s && s.schema().field("table") != null) {
            Object table = s.get("table");
            if (table != null) {
                return table.toString();
            }
        }
        return "unknown table";
    }

    /** A key or row as compact JSON: Structs as objects, times as ISO-8601, bytes as base64. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(plain(value));
        } catch (Exception e) {
            return String.valueOf(value);
        }
    }

    private static Object plain(Object value) {
        if (value instanceof Struct struct) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            for (Field field : struct.schema().fields()) {
                node.putPOJO(field.name(), plain(struct.get(field)));
            }
            return node;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ChangeEventToAvro::plain).toList();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value;
    }

    @Override
    public void close() {
        // the registry client holds no resources that need closing
    }

    private static String secret(Password password) {
        return password == null ? null : password.value();
    }
}
