package io.partnersignals.topology;

import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps what the page draws a partner's past from: for each UTC day the last score published that day
 * ({@link RiskSnapshot}: score, band and factor values), and the partner's alerts, both for the history
 * retention before the partner's latest score. It follows the scores that {@link PartnerScoring} forwards
 * to the history and alert topics, in the same task, so the instance that holds a partner's latest score
 * holds its history too.
 *
 * <p>One store entry per partner and store, keyed by partner id: the points oldest first, the alerts
 * newest first. Each is a compact binary list ({@link #encodeHistory}, {@link #encodeAlerts}): the partner
 * id is the key and its name is written once, so a point is about 80 bytes and 180 days about 14 KB.
 * Points older than the retention (by the event time of the newest point) are dropped on write, and the
 * alerts with them.
 */
public final class PartnerHistory implements Processor<String, Scored, Void, Void> {

    /** The first byte of every value: the encoding's version. */
    private static final byte FORMAT = 1;
    private static final RiskBand[] BANDS = RiskBand.values();
    private static final long DAY_MILLIS = 86_400_000L;

    private final String historyStoreName;
    private final String alertStoreName;
    private final long retention;
    private KeyValueStore<String, byte[]> history;
    private KeyValueStore<String, byte[]> alerts;

    PartnerHistory(String historyStore, String alertStore, Duration retention) {
        this.historyStoreName = historyStore;
        this.alertStoreName = alertStore;
        this.retention = retention.toMillis();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.history = context.getStateStore(historyStoreName);
        this.alerts = context.getStateStore(alertStoreName);
    }

    @Override
    public void process(Record<String, Scored> record) {
        String partnerId = record.key();
        Scored scored = record.value();
        List<RiskSnapshot> before = decodeHistory(partnerId, history.get(partnerId));
        Instant oldestBefore = before.isEmpty() ? null : before.get(0).getComputedAt();
        List<RiskSnapshot> points = withPoint(before, scored.snapshot(), retention);
        history.put(partnerId, encodeHistory(points));
        boolean dropped = oldestBefore != null && !points.isEmpty() && points.get(0).getComputedAt().isAfter(oldestBefore);
        if (scored.alert() != null || dropped) {
            // the alert log is read only when it gains an alert or the history's start moved (about once a day)
            long cutoff = points.isEmpty() ? Long.MIN_VALUE : cutoff(points.get(points.size() - 1).getComputedAt());
            List<RiskAlert> log = decodeAlerts(partnerId, alerts.get(partnerId));
            List<RiskAlert> kept = withAlert(log, scored.alert(), cutoff);
            if (!kept.equals(log)) {
                if (kept.isEmpty()) {
                    alerts.delete(partnerId);
                } else {
                    alerts.put(partnerId, encodeAlerts(kept));
                }
            }
        }
    }

    private long cutoff(Instant newest) {
        long t = newest.toEpochMilli();
        return t - retention > t ? Long.MIN_VALUE : t - retention;
    }

    /**
     * The points (oldest first, one per UTC day) with {@code point} in its day: it replaces the day's
     * point unless that one is later; then points older than {@code retentionMillis} before the newest are dropped.
     */
    static List<RiskSnapshot> withPoint(List<RiskSnapshot> points, RiskSnapshot point, long retentionMillis) {
        List<RiskSnapshot> out = new ArrayList<>(points.size() + 1);
        long day = day(point.getComputedAt());
        boolean placed = false;
        for (RiskSnapshot p : points) {
            long d = day(p.getComputedAt());
            if (!placed && d == day) {
                out.add(p.getComputedAt().isAfter(point.getComputedAt()) ? p : point);
                placed = true;
            } else {
                if (!placed && d > day) {
                    out.add(point);
                    placed = true;
                }
                out.add(p);
            }
        }
        if (!placed) {
            out.add(point);
        }
        long newest = out.get(out.size() - 1).getComputedAt().toEpochMilli();
        long cutoff = newest - retentionMillis > newest ? Long.MIN_VALUE : newest - retentionMillis;
        out.removeIf(p -> p.getComputedAt().toEpochMilli() < cutoff);
        return out;
    }

    /** The alerts (newest first) with {@code alert} (null: none) in its place, without those before {@code cutoff}. */
    static List<RiskAlert> withAlert(List<RiskAlert> log, RiskAlert alert, long cutoff) {
        List<RiskAlert> out = new ArrayList<>(log.size() + 1);
        boolean placed = alert == null;
        for (RiskAlert a : log) {
            if (!placed && !a.getAt().isAfter(alert.getAt())) {
                out.add(alert);
                placed = true;
            }
            out.add(a);
        }
        if (!placed) {
            out.add(alert);
        }
        out.removeIf(a -> a.getAt().toEpochMilli() < cutoff);
        return out;
    }

    /** The UTC day of an instant, as days since the epoch. */
    public static long day(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), DAY_MILLIS);
    }

    // ---- the stores' values ------------------------------------------------------------------------

    /**
     * FORMAT, partner name of the newest point (Avro nullable string), count, then per point: computedAt
     * (millis), score, band, model version, the eight factor values (Avro binary encoding throughout).
     */
    static byte[] encodeHistory(List<RiskSnapshot> points) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 80 * points.size());
        out.write(FORMAT);
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writeName(e, points.isEmpty() ? null : points.get(points.size() - 1).getPartnerName());
            e.writeInt(points.size());
            for (RiskSnapshot p : points) {
                e.writeLong(p.getComputedAt().toEpochMilli());
                e.writeInt(p.getScore());
                e.writeString(p.getBand());
                e.writeString(p.getModelVersion());
                e.writeDouble(p.getSponsorship());
                e.writeDouble(p.getResponsiveness());
                e.writeDouble(p.getReciprocity());
                e.writeDouble(p.getAttribution());
                e.writeDouble(p.getDiversion());
                e.writeDouble(p.getPricingExclusion());
                e.writeDouble(p.getMarginErosion());
                e.writeDouble(p.getHarmfulAsk());
            }
            e.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    /** The points of a partner-history value, oldest first; empty for null. */
    public static List<RiskSnapshot> decodeHistory(String partnerId, byte[] bytes) {
        if (bytes == null) {
            return List.of();
        }
        BinaryDecoder d = decoder(bytes, "partner-history");
        try {
            String name = readName(d);
            int n = d.readInt();
            List<RiskSnapshot> points = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                points.add(RiskSnapshot.newBuilder()
                        .setPartnerId(partnerId)
                        .setPartnerName(name)
                        .setComputedAt(Instant.ofEpochMilli(d.readLong()))
                        .setScore(d.readInt())
                        .setBand(d.readString())
                        .setModelVersion(d.readString())
                        .setSponsorship(d.readDouble())
                        .setResponsiveness(d.readDouble())
                        .setReciprocity(d.readDouble())
                        .setAttribution(d.readDouble())
                        .setDiversion(d.readDouble())
                        .setPricingExclusion(d.readDouble())
                        .setMarginErosion(d.readDouble())
                        .setHarmfulAsk(d.readDouble())
                        .build());
            }
            return points;
        } catch (IOException | RuntimeException x) {
            throw new SerializationException("not a partner-history entry of " + partnerId, x);
        }
    }

    /** FORMAT, partner name of the newest alert, count, then per alert: at, from band, to band, score, reasons. */
    static byte[] encodeAlerts(List<RiskAlert> log) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * (log.size() + 1));
        out.write(FORMAT);
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writeName(e, log.isEmpty() ? null : log.get(0).getPartnerName());
            e.writeInt(log.size());
            for (RiskAlert a : log) {
                e.writeLong(a.getAt().toEpochMilli());
                e.writeInt(a.getFromBand().ordinal());
                e.writeInt(a.getToBand().ordinal());
                e.writeInt(a.getScore());
                e.writeInt(a.getReasons().size());
                for (String reason : a.getReasons()) {
                    e.writeString(reason);
                }
            }
            e.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    /** The alerts of a partner-alert-log value, newest first; empty for null. */
    public static List<RiskAlert> decodeAlerts(String partnerId, byte[] bytes) {
        if (bytes == null) {
            return List.of();
        }
        BinaryDecoder d = decoder(bytes, "partner-alert-log");
        try {
            String name = readName(d);
            int n = d.readInt();
            List<RiskAlert> log = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Instant at = Instant.ofEpochMilli(d.readLong());
                RiskBand from = BANDS[d.readInt()];
                RiskBand to = BANDS[d.readInt()];
                int score = d.readInt();
                int reasons = d.readInt();
                List<String> texts = new ArrayList<>(reasons);
                for (int r = 0; r < reasons; r++) {
                    texts.add(d.readString());
                }
                log.add(RiskAlert.newBuilder().setPartnerId(partnerId).setPartnerName(name).setAt(at)
                        .setFromBand(from).setToBand(to).setScore(score).setReasons(texts).build());
            }
            return log;
        } catch (IOException | RuntimeException x) {
            throw new SerializationException("not a partner-alert-log entry of " + partnerId, x);
        }
    }

    private static BinaryDecoder decoder(byte[] bytes, String store) {
        if (bytes.length == 0 || bytes[0] != FORMAT) {
            throw new SerializationException("not a " + store + " entry: format " + (bytes.length == 0 ? "none" : bytes[0]));
        }
        return DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
    }

    private static void writeName(BinaryEncoder e, String name) throws IOException {
        e.writeIndex(name == null ? 0 : 1);
        if (name != null) {
            e.writeString(name);
        }
    }

    private static String readName(BinaryDecoder d) throws IOException {
        return d.readIndex() == 0 ? null : d.readString();
    }
}
