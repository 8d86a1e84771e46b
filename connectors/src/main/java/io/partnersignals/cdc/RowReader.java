package io.partnersignals.cdc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Date;
import java.util.Locale;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads the columns of one row of a Debezium change event (its {@code after} Struct) as the types of
 * the contract, whatever representation the connector was configured with:
 *
 * <ul>
 *   <li>times: {@code timestamptz} as Debezium's {@code io.debezium.time.ZonedTimestamp} (an ISO-8601
 *       string with offset, the default), {@code timestamp} as {@code io.debezium.time.Timestamp},
 *       {@code MicroTimestamp} or {@code NanoTimestamp} (epoch numbers, taken as UTC), Connect's
 *       {@code Timestamp}, or an ISO-8601 string;
 *   <li>numbers: {@code numeric} as a double ({@code decimal.handling.mode=double}, recommended), as
 *       Connect's {@code Decimal} or Debezium's {@code VariableScaleDecimal} ({@code precise}), or as a
 *       string ({@code string});
 *   <li>text, booleans and enums, the latter matched case-insensitively against the Avro symbols.
 * </ul>
 *
 * A column the row does not have reads as null; a value that cannot be read throws {@link InvalidRowException}.
 */
final class RowReader {

    private final Struct row;

    RowReader(Struct row) {
        this.row = row;
    }

    private Object raw(String column) {
        Field field = row.schema().field(column);
        return field == null ? null : row.get(field);
    }

    private Schema schemaOf(String column) {
        Field field = row.schema().field(column);
        return field == null ? null : field.schema();
    }

    /** Trimmed text, or null when the column is null, blank or missing. */
    String text(String column) {
        Object value = raw(column);
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    String requiredText(String column) {
        String text = text(column);
        if (text == null) {
            throw new InvalidRowException("no " + column);
        }
        return text;
    }

    Instant requiredInstant(String column) {
        Instant instant = instant(column);
        if (instant == null) {
            throw new InvalidRowException("no " + column);
        }
        return instant;
    }

    Instant instant(String column) {
        Object value = raw(column);
        if (value == null) {
            return null;
        }
        Schema schema = schemaOf(column);
        String name = schema == null || schema.name() == null ? "" : schema.name();
        try {
            if (value instanceof Date date) {
                return date.toInstant();
            }
            if (value instanceof Number number) {
                long n = number.longValue();
                return switch (name) {
                    case "io.debezium.time.MicroTimestamp" -> Instant.EPOCH.plusNanos(Math.multiplyExact(n, 1_000L));
                    case "io.debezium.time.NanoTimestamp" -> Instant.EPOCH.plusNanos(n);
                    default -> Instant.ofEpochMilli(n); // io.debezium.time.Timestamp, plain epoch millis
                };
            }
            if (value instanceof String text) {
                return parseInstant(text.strip());
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidRowException(column + " '" + value + "' is not a time: " + e.getMessage());
        }
        throw new InvalidRowException(column + " is a " + value.getClass().getSimpleName() + " ("
                + (name.isEmpty() ? schema.type() : name) + "), not a time");
    }

    /** ISO-8601 with an offset (Debezium's ZonedTimestamp), an instant, or a local date-time taken as UTC. */
    static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw withoutOffset;
            }
        }
    }

    /** A non-negative amount, or null. */
    Double amount(String column) {
        Double value = number(column);
        if (value != null && (value < 0 || value.isNaN() || value.isInfinite())) {
            throw new InvalidRowException(column + " is " + value + "; it must be a number of at least 0");
        }
        return value;
    }

    Double number(String column) {
        Object value = raw(column);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) { // Double, Float, BigDecimal (Decimal), integers
            return number.doubleValue();
        }
        if (value instanceof String text) { // decimal.handling.mode=string
            try {
                return Double.valueOf(new BigDecimal(text.strip()).doubleValue());
            } catch (NumberFormatException e) {
                throw new InvalidRowException(column + " '" + text + "' is not a number");
            }
        }
        Schema schema = schemaOf(column);
        if (value instanceof Struct struct && schema != null && "io.debezium.data.VariableScaleDecimal".equals(schema.name())) {
            Object bytes = struct.get("value");
            byte[] unscaled = bytes instanceof ByteBuffer buffer ? toArray(buffer) : (byte[]) bytes;
            return new BigDecimal(new BigInteger(unscaled), struct.getInt32("scale")).doubleValue();
        }
        if (value instanceof byte[] bytes && schema != null && Decimal.LOGICAL_NAME.equals(schema.name())) {
            return Decimal.toLogical(schema, bytes).doubleValue();
        }
        throw new InvalidRowException(column + " is a " + value.getClass().getSimpleName() + ", not a number");
    }

    Boolean bool(String column) {
        Object value = raw(column);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "f", "no", "n", "0" -> Boolean.FALSE;
            default -> throw new InvalidRowException(column + " '" + value + "' is not a boolean");
        };
    }

    /** The enum constant named by the column (trimmed, any case), or null when the column is null or blank. */
    <E extends Enum<E>> E symbol(String column, Class<E> type) {
        String text = text(column);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRowException("unknown " + column + " '" + text + "'; expected one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    <E extends Enum<E>> E requiredSymbol(String column, Class<E> type) {
        E symbol = symbol(column, type);
        if (symbol == null) {
            throw new InvalidRowException("no " + column);
        }
        return symbol;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
