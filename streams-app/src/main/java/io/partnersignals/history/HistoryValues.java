package io.partnersignals.history;

import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The values of the partner-history and partner-alert-log stores, written by the topology's
 * partner-history-recorder and read by the HTTP layer's interactive queries (a package of its own,
 * so that neither depends on the other). Each value is one partner's list: the partner id is the
 * key, its name is written once (the newest point's or alert's), and a point is about 80 bytes, so
 * 180 days are about 14 KB.
 */
public final class HistoryValues {

    /** The first byte of every value: the encoding's version. */
    private static final byte FORMAT = 1;
    private static final RiskBand[] BANDS = RiskBand.values();
    private static final long DAY_MILLIS = 86_400_000L;

    private HistoryValues() {
    }

    /** The UTC day of an instant, as days since the epoch. */
    public static long day(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), DAY_MILLIS);
    }

    /**
     * FORMAT, partner name of the newest point (Avro nullable string), count, then per point: computedAt
     * (millis), score, band, model version, the eight factor values (Avro binary encoding throughout).
     */
    public static byte[] encodeHistory(List<RiskSnapshot> points) {
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
    public static byte[] encodeAlerts(List<RiskAlert> log) {
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
