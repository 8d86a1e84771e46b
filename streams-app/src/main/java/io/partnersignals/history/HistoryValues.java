package io.partnersignals.history;

import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Bytes;

/**
 * The entries of the partner-history and partner-alert-log stores, written by the topology's
 * partner-history-recorder and read by the HTTP layer's interactive queries (a package of its own,
 * so that neither depends on the other; {@link HistoryStores} reads them).
 *
 * <p>One entry per partner and UTC day (partner-history: the day's last point) and per alert
 * (partner-alert-log), so that a publication writes the one point it changed, not the partner's
 * whole history. Keys: the partner id's UTF-8 length (2 bytes, big-endian) and its bytes, so that one
 * partner's entries are a contiguous range that no other id's can interleave (ids may hold any
 * character), then the day (days since the epoch) or the alert's time (epoch millis), 8 bytes
 * big-endian with the sign bit flipped, so that byte order is time order for every instant; an alert
 * at the same millisecond as one already kept gets a 4-byte sequence number after it (later ones
 * sort after). Values: a format byte, the partner name (Avro nullable string), then the point's or the
 * alert's fields in Avro binary encoding: a point is about 90 bytes plus the name.
 */
public final class HistoryValues {

    /**
     * The first byte of every value: the encoding's version. 1 was a partner's whole list in one value; 2
     * had no dealFlow and ourSide in a point and no kind in an alert (read with 0.0, null, BAND_CHANGE).
     */
    static final byte FORMAT = 3;
    static final byte FORMAT_WITHOUT_V2_FIELDS = 2;
    private static final AlertKind[] KINDS = AlertKind.values();
    private static final RiskBand[] BANDS = RiskBand.values();
    private static final long DAY_MILLIS = 86_400_000L;
    /** Longer than any key's part after the partner's prefix (8-byte time, 4-byte sequence). */
    private static final int SUFFIX_MAX = 13;

    private HistoryValues() {
    }

    /** The UTC day of an instant, as days since the epoch. */
    public static long day(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), DAY_MILLIS);
    }

    /** The first instant of a day ({@link #day}), in epoch millis. */
    public static long dayStart(long day) {
        return day * DAY_MILLIS;
    }

    // ---- keys

    /** The prefix of every key of this partner's entries: the id's UTF-8 length (2 bytes) and its bytes. */
    public static Bytes prefix(String partnerId) {
        byte[] id = partnerId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 0xFFFF) {
            throw new IllegalArgumentException("partner id longer than 65535 bytes");
        }
        byte[] k = new byte[2 + id.length];
        k[0] = (byte) (id.length >>> 8);
        k[1] = (byte) id.length;
        System.arraycopy(id, 0, k, 2, id.length);
        return Bytes.wrap(k);
    }

    /** A key after every key of this partner and before every other partner's: the upper bound of its range. */
    public static Bytes prefixEnd(String partnerId) {
        byte[] p = prefix(partnerId).get();
        byte[] k = Arrays.copyOf(p, p.length + SUFFIX_MAX);
        Arrays.fill(k, p.length, k.length, (byte) 0xFF);
        return Bytes.wrap(k);
    }

    /** The partner-history key of a partner's day ({@link #day}). */
    public static Bytes dayKey(String partnerId, long day) {
        return withLong(prefix(partnerId).get(), day);
    }

    /** The partner-alert-log key of an alert at {@code atMillis} (the first at that millisecond). */
    public static Bytes alertKey(String partnerId, long atMillis) {
        return withLong(prefix(partnerId).get(), atMillis);
    }

    /** The {@code seq}-th key (1, 2, ...) after {@link #alertKey}{@code (base)} for alerts at the same millisecond. */
    public static Bytes alertKey(Bytes base, int seq) {
        byte[] b = base.get();
        byte[] k = Arrays.copyOf(b, b.length + 4);
        for (int i = 0; i < 4; i++) {
            k[b.length + i] = (byte) (seq >>> (24 - 8 * i));
        }
        return Bytes.wrap(k);
    }

    /** The last of the keys at the millisecond of {@code base} ({@link #alertKey(String, long)}): its upper bound. */
    public static Bytes alertKeyEnd(Bytes base) {
        return alertKey(base, -1);
    }

    /** The sequence number of an alert key: 0 for the first alert at its millisecond. */
    public static int alertSeq(Bytes key, String partnerId) {
        byte[] k = key.get();
        int at = prefixLength(partnerId) + 8;
        if (k.length == at) {
            return 0;
        }
        int seq = 0;
        for (int i = 0; i < 4; i++) {
            seq = (seq << 8) | (k[at + i] & 0xFF);
        }
        return seq;
    }

    /** The time (epoch millis) of a partner-alert-log key, or the day of a partner-history key. */
    public static long keyTime(Bytes key, String partnerId) {
        byte[] k = key.get();
        int from = prefixLength(partnerId);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (k[from + i] & 0xFF);
        }
        return v ^ Long.MIN_VALUE;
    }

    private static int prefixLength(String partnerId) {
        return 2 + partnerId.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Bytes withLong(byte[] prefix, long value) {
        byte[] k = Arrays.copyOf(prefix, prefix.length + 8);
        long v = value ^ Long.MIN_VALUE;
        for (int i = 0; i < 8; i++) {
            k[prefix.length + i] = (byte) (v >>> (56 - 8 * i));
        }
        return Bytes.wrap(k);
    }

    // ---- values

    /**
     * FORMAT, the partner name, then computedAt (millis), score, band, model version, the eight factor
     * values of model v1, dealFlow and ourSide (nullable) (Avro binary encoding throughout).
     */
    public static byte[] encodePoint(RiskSnapshot p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        out.write(FORMAT);
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writeName(e, p.getPartnerName());
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
            e.writeDouble(p.getDealFlow());
            e.writeIndex(p.getOurSide() == null ? 0 : 1);
            if (p.getOurSide() != null) {
                e.writeInt(p.getOurSide());
            }
            e.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    /** The point of a partner-history entry, with the name it was written with. */
    public static RiskSnapshot decodePoint(String partnerId, byte[] bytes) {
        BinaryDecoder d = decoder(bytes, "partner-history");
        try {
            RiskSnapshot.Builder b = RiskSnapshot.newBuilder()
                    .setPartnerId(partnerId)
                    .setPartnerName(readName(d))
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
                    .setDealFlow(0.0)
                    .setOurSide(null);
            if (bytes[0] != FORMAT_WITHOUT_V2_FIELDS) {
                b.setDealFlow(d.readDouble());
                b.setOurSide(d.readIndex() == 0 ? null : d.readInt());
            }
            return b.build();
        } catch (IOException | RuntimeException x) {
            throw new SerializationException("not a partner-history entry of " + partnerId, x);
        }
    }

    /** The computedAt (epoch millis) of a partner-history entry, without decoding the rest. */
    public static long pointTime(byte[] bytes) {
        BinaryDecoder d = decoder(bytes, "partner-history");
        try {
            readName(d);
            return d.readLong();
        } catch (IOException | RuntimeException x) {
            throw new SerializationException("not a partner-history entry", x);
        }
    }

    /** The score of a partner-history entry, without decoding the rest. */
    public static int pointScore(byte[] bytes) {
        BinaryDecoder d = decoder(bytes, "partner-history");
        try {
            readName(d);
            d.readLong();
            return d.readInt();
        } catch (IOException | RuntimeException x) {
            throw new SerializationException("not a partner-history entry", x);
        }
    }

    /** FORMAT, the partner name, then at, from band, to band, score, reasons, kind. */
    public static byte[] encodeAlert(RiskAlert a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(FORMAT);
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writeName(e, a.getPartnerName());
            e.writeLong(a.getAt().toEpochMilli());
            e.writeInt(a.getFromBand().ordinal());
            e.writeInt(a.getToBand().ordinal());
            e.writeInt(a.getScore());
            e.writeInt(a.getReasons().size());
            for (String reason : a.getReasons()) {
                e.writeString(reason);
            }
            e.writeInt(a.getKind().ordinal());
            e.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    /** The alert of a partner-alert-log entry, with the name it was written with. */
    public static RiskAlert decodeAlert(String partnerId, byte[] bytes) {
        BinaryDecoder d = decoder(bytes, "partner-alert-log");
        try {
            String name = readName(d);
            Instant at = Instant.ofEpochMilli(d.readLong());
            RiskBand from = BANDS[d.readInt()];
            RiskBand to = BANDS[d.readInt()];
            int score = d.readInt();
            int reasons = d.readInt();
            List<String> texts = new ArrayList<>(reasons);
            for (int r = 0; r < reasons; r++) {
                texts.add(d.readString());
            }
            AlertKind kind = bytes[0] == FORMAT_WITHOUT_V2_FIELDS ? AlertKind.BAND_CHANGE : KINDS[d.readInt()];
            return RiskAlert.newBuilder().setPartnerId(partnerId).setPartnerName(name).setAt(at)
                    .setFromBand(from).setToBand(to).setScore(score).setReasons(texts).setKind(kind).build();
        } catch (IOException | RuntimeException x) {
            throw new SerializationException("not a partner-alert-log entry of " + partnerId, x);
        }
    }

    private static BinaryDecoder decoder(byte[] bytes, String store) {
        if (bytes.length == 0 || bytes[0] != FORMAT && bytes[0] != FORMAT_WITHOUT_V2_FIELDS) {
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
