package io.partnersignals.topology;

import io.partnersignals.config.ConfigValues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead letters that always fit in one Kafka record. A dead letter carries the refused record's
 * key, value and headers with six headers of context (the names of Kafka Streams' own dead letters,
 * KIP-1034, so one tool reads both kinds). A value too large to be written with that context is cut,
 * and two more headers say so and give its original size: a dead letter the producer refuses would
 * fail the task and bring the same record back again and again.
 */
public final class DeadLetterRecords {

    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    /** "true" on a dead letter whose value was cut to fit. */
    public static final String TRUNCATED = "partner-signals.dead-letter.truncated";
    /** The original size in bytes of a value that was cut. */
    public static final String ORIGINAL_SIZE = "partner-signals.dead-letter.original-size";

    /** The original size in bytes of a key that was cut. */
    public static final String ORIGINAL_KEY_SIZE = "partner-signals.dead-letter.original-key-size";

    /** Below the producer's default max.request.size (1 MiB) and the broker's default max.message.bytes. */
    public static final int DEFAULT_MAX_BYTES = (int) ConfigValues.defaults().bytes("dead-letters.max-bytes");
    /** Kafka's own per-record overhead and batch header, with room to spare. */
    private static final int RECORD_OVERHEAD = 256;
    private static final int MAX_STACKTRACE_BYTES = 16 * 1024;
    private static final int MAX_MESSAGE_BYTES = 4 * 1024;

    private final String topic;
    private final int maxBytes;

    public DeadLetterRecords(String topic, int maxBytes) {
        if (maxBytes < 16 * 1024) {
            throw new IllegalArgumentException("dead letters need at least 16384 bytes, got " + maxBytes);
        }
        this.topic = topic;
        this.maxBytes = maxBytes;
    }

    public String topic() {
        return topic;
    }

    /**
     * The dead letter of a record read from {@code sourceTopic}/{@code partition}/{@code offset} (null
     * and -1 where unknown), refused for {@code error}.
     */
    public ProducerRecord<byte[], byte[]> of(byte[] key, byte[] value, Headers original, Long timestamp, Exception error,
                                             String sourceTopic, int partition, long offset) {
        Headers headers = headers(original, error, sourceTopic, partition, offset);
        byte[] shortKey = key;
        if (key != null && key.length > maxBytes / 4) {
            // keys are partner ids: one this long is garbage, and a quarter of the budget shows enough of it
            headers.add(ORIGINAL_KEY_SIZE, utf8(String.valueOf(key.length), 32));
            shortKey = Arrays.copyOf(key, maxBytes / 4);
        }
        byte[] cut = fit(shortKey, value, headers);
        return new ProducerRecord<>(topic, null, timestamp, shortKey, cut, headers);
    }

    /** The refused record's own headers followed by the context headers. */
    Headers headers(Headers original, Exception error, String sourceTopic, int partition, long offset) {
        Headers headers = new RecordHeaders(original == null ? new Header[0] : original.toArray());
        headers.add(EXCEPTION, utf8(error.getClass().getName(), MAX_MESSAGE_BYTES));
        headers.add(MESSAGE, utf8(String.valueOf(error.getMessage()), MAX_MESSAGE_BYTES));
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        headers.add(STACKTRACE, utf8(trace.toString(), MAX_STACKTRACE_BYTES));
        if (sourceTopic != null) {
            headers.add(TOPIC, utf8(sourceTopic, MAX_MESSAGE_BYTES));
            headers.add(PARTITION, utf8(String.valueOf(partition), MAX_MESSAGE_BYTES));
            headers.add(OFFSET, utf8(String.valueOf(offset), MAX_MESSAGE_BYTES));
        }
        return headers;
    }

    /**
     * The value as it is, or cut so that key, value and headers fit in {@code maxBytes}; a cut adds the
     * truncation headers. Headers that alone exceed the budget (a record with megabytes of its own
     * headers) leave no room for the value: it is then dropped entirely, and its size still given.
     */
    byte[] fit(byte[] key, byte[] value, Headers headers) {
        if (value == null) {
            return null;
        }
        long fixed = RECORD_OVERHEAD + (key == null ? 0 : key.length) + size(headers);
        if (fixed + value.length <= maxBytes) {
            return value;
        }
        headers.add(TRUNCATED, utf8("true", 16));
        headers.add(ORIGINAL_SIZE, utf8(String.valueOf(value.length), 32));
        long room = maxBytes - RECORD_OVERHEAD - (key == null ? 0 : key.length) - size(headers);
        if (room <= 0) {
            // the refused record's own headers fill the budget: keep the context, drop them
            for (Header h : original(headers)) {
                headers.remove(h.key());
            }
            room = Math.max(0, maxBytes - RECORD_OVERHEAD - (key == null ? 0 : key.length) - size(headers));
        }
        return Arrays.copyOf(value, (int) Math.min(room, value.length));
    }

    private static Iterable<Header> original(Headers headers) {
        RecordHeaders own = new RecordHeaders();
        for (Header h : headers) {
            if (!h.key().startsWith("__streams.errors.") && !h.key().startsWith("partner-signals.dead-letter.")) {
                own.add(h);
            }
        }
        return own;
    }

    private static long size(Headers headers) {
        long n = 0;
        for (Header h : headers) {
            n += h.key().length() + (h.value() == null ? 0 : h.value().length) + 8;
        }
        return n;
    }

    private static byte[] utf8(String s, int maxBytes) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= maxBytes ? bytes : Arrays.copyOf(bytes, maxBytes);
    }
}
