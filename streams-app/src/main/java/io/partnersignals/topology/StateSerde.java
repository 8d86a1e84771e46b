package io.partnersignals.topology;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.model.PartnerState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the per-partner state in its store and changelog: a compact binary form written field by
 * field (format 1). The state is written on every update it gets, so its encoding is on the hot path:
 * the earlier CBOR form (Jackson data binding, field names in every record) cost about a tenth of
 * the scoring time and twice the bytes. States stored in that form are still read.
 *
 * <p>Format 1: the byte 1, then the partner id, the eight fact maps (each a count and its facts;
 * every map is keyed by its fact's own id, so the key is not written twice), and what was last
 * published. Strings are a varint of (UTF-8 length + 1), 0 for null; enums are written by name so
 * that a symbol added to the contract later does not shift the others.
 */
final class StateSerde implements Serde<PartnerState> {

    /** Format 1 keeps a fingerprint of the score's text ({@link RiskRecords#textFingerprint}). */
    static final byte FORMAT_1 = 1;
    /** Format 2: the same fields; the fingerprint is the assessment's {@link io.partnersignals.model.Fingerprint}. */
    static final byte FORMAT_2 = 2;

    private static final ObjectMapper LEGACY_CBOR = new ObjectMapper(CBORFactory.builder()
                    .disable(com.fasterxml.jackson.core.JsonFactory.Feature.INTERN_FIELD_NAMES)
                    .disable(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                    .build())
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Override
    public Serializer<PartnerState> serializer() {
        return (topic, state) -> state == null ? null : encode(state);
    }

    @Override
    public Deserializer<PartnerState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                if (bytes.length > 0 && (bytes[0] == FORMAT_1 || bytes[0] == FORMAT_2)) {
                    return decode(bytes);
                }
                // a CBOR map: a state written before format 1
                PartnerState state = LEGACY_CBOR.readValue(bytes, PartnerState.class);
                state.setTextFingerprint(true);
                return state;
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot decode a partner state from " + topic, e);
            }
        };
    }

    static byte[] encode(PartnerState s) {
        Out out = new Out();
        // the format says which fingerprint the state holds: a text fingerprint not yet replaced stays format 1
        out.buf[out.len++] = s.isTextFingerprint() ? FORMAT_1 : FORMAT_2;
        out.string(s.getPartnerId());
        out.count(s.getSponsorChanges().size());
        for (PartnerState.SponsorChange c : s.getSponsorChanges().values()) {
            out.string(c.activityId());
            out.varlong(c.at());
            out.name(c.level());
        }
        out.count(s.getOpenRequests().size());
        for (PartnerState.OpenRequest r : s.getOpenRequests().values()) {
            out.string(r.activityId());
            out.varlong(r.at());
            out.name(r.type());
            out.string(r.subject());
        }
        out.count(s.getAnswered().size());
        for (Map.Entry<String, Long> a : s.getAnswered().entrySet()) {
            out.string(a.getKey());
            out.varlong(a.getValue());
        }
        out.count(s.getContributions().size());
        for (PartnerState.Contribution c : s.getContributions().values()) {
            out.string(c.activityId());
            out.varlong(c.at());
            out.name(c.direction());
            out.dbl(c.valueUsd());
        }
        out.count(s.getPages().size());
        for (PartnerState.Page p : s.getPages().values()) {
            out.string(p.url());
            out.varlong(p.fetchedAt());
            out.varlong(p.httpStatus());
            out.string(p.pageKind());
            out.bool(p.mentionsUs());
            out.bool(p.linksToUs());
            out.count(p.competitorLinks().size());
            for (String link : p.competitorLinks()) {
                out.string(link);
            }
        }
        out.count(s.getPromotions().size());
        for (PartnerState.Promotion p : s.getPromotions().values()) {
            out.string(p.promotionId());
            out.optionalLong(p.startedAt());
            out.optionalLong(p.endedAt());
            out.optionalBool(p.eligibleForUs());
            out.string(p.sku());
            out.optionalDouble(p.listPrice());
            out.optionalDouble(p.promoPrice());
            out.varlong(p.pricedAt());
        }
        out.count(s.getSales().size());
        for (PartnerState.Sale sale : s.getSales().values()) {
            out.string(sale.eventId());
            out.varlong(sale.at());
            out.string(sale.sku());
            out.dbl(sale.ourCost());
            out.dbl(sale.ourSellPrice());
        }
        out.count(s.getHarmfulAsks().size());
        for (PartnerState.HarmfulAsk h : s.getHarmfulAsks().values()) {
            out.string(h.requestId());
            out.string(h.promotionId());
            out.varlong(h.at());
            out.string(h.subject());
        }
        out.optionalLong(s.getLastScore() == null ? null : s.getLastScore().longValue());
        out.name(s.getAlertBand());
        out.varlong(s.getLastFingerprint());
        out.varlong(s.getNextDueAt());
        return Arrays.copyOf(out.buf, out.len);
    }

    static PartnerState decode(byte[] bytes) {
        In in = new In(bytes);
        byte format = in.buf[in.pos++];
        if (format != FORMAT_1 && format != FORMAT_2) {
            throw new IllegalArgumentException("not a format-1 or format-2 partner state: " + format);
        }
        PartnerState s = new PartnerState(in.string());
        for (int i = in.count(); i > 0; i--) {
            PartnerState.SponsorChange c = new PartnerState.SponsorChange(in.string(), in.varlong(),
                    in.name(SponsorLevel.class));
            s.getSponsorChanges().put(c.activityId(), c);
        }
        for (int i = in.count(); i > 0; i--) {
            PartnerState.OpenRequest r = new PartnerState.OpenRequest(in.string(), in.varlong(),
                    in.name(ActivityType.class), in.string());
            s.getOpenRequests().put(r.activityId(), r);
        }
        for (int i = in.count(); i > 0; i--) {
            s.getAnswered().put(in.string(), in.varlong());
        }
        for (int i = in.count(); i > 0; i--) {
            PartnerState.Contribution c = new PartnerState.Contribution(in.string(), in.varlong(),
                    in.name(Direction.class), in.dbl());
            s.getContributions().put(c.activityId(), c);
        }
        for (int i = in.count(); i > 0; i--) {
            String url = in.string();
            long fetchedAt = in.varlong();
            int status = (int) in.varlong();
            String kind = in.string();
            boolean mentions = in.bool();
            boolean links = in.bool();
            List<String> competitorLinks = new ArrayList<>();
            for (int j = in.count(); j > 0; j--) {
                competitorLinks.add(in.string());
            }
            s.getPages().put(url, new PartnerState.Page(url, fetchedAt, status, kind, mentions, links,
                    List.copyOf(competitorLinks)));
        }
        for (int i = in.count(); i > 0; i--) {
            PartnerState.Promotion p = new PartnerState.Promotion(in.string(), in.optionalLong(), in.optionalLong(),
                    in.optionalBool(), in.string(), in.optionalDouble(), in.optionalDouble(), in.varlong());
            s.getPromotions().put(p.promotionId(), p);
        }
        for (int i = in.count(); i > 0; i--) {
            PartnerState.Sale sale = new PartnerState.Sale(in.string(), in.varlong(), in.string(), in.dbl(), in.dbl());
            s.getSales().put(sale.eventId(), sale);
        }
        for (int i = in.count(); i > 0; i--) {
            PartnerState.HarmfulAsk h = new PartnerState.HarmfulAsk(in.string(), in.string(), in.varlong(), in.string());
            s.getHarmfulAsks().put(h.requestId(), h);
        }
        Long lastScore = in.optionalLong();
        s.setLastScore(lastScore == null ? null : lastScore.intValue());
        s.setAlertBand(in.name(RiskBand.class));
        s.setLastFingerprint(in.varlong());
        s.setTextFingerprint(format == FORMAT_1);
        s.setNextDueAt(in.varlong());
        if (in.pos != bytes.length) {
            throw new IllegalArgumentException((bytes.length - in.pos) + " bytes left after the partner state");
        }
        return s;
    }

    /** A growing buffer: varints (zig-zag), strings, doubles as their 8 IEEE bytes (exact). */
    private static final class Out {
        byte[] buf = new byte[256];
        int len;

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        void varlong(long v) {
            long z = (v << 1) ^ (v >> 63);
            room(10);
            while ((z & ~0x7FL) != 0) {
                buf[len++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            buf[len++] = (byte) z;
        }

        void count(int n) {
            varlong(n);
        }

        void string(String s) {
            if (s == null) {
                varlong(0);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varlong(utf8.length + 1L);
            room(utf8.length);
            System.arraycopy(utf8, 0, buf, len, utf8.length);
            len += utf8.length;
        }

        void name(Enum<?> e) {
            string(e == null ? null : e.name());
        }

        void bool(boolean b) {
            room(1);
            buf[len++] = (byte) (b ? 1 : 0);
        }

        void optionalBool(Boolean b) {
            room(1);
            buf[len++] = (byte) (b == null ? 2 : b ? 1 : 0);
        }

        void dbl(double d) {
            long bits = Double.doubleToRawLongBits(d);
            room(8);
            for (int i = 0; i < 8; i++) {
                buf[len++] = (byte) (bits >>> (8 * i));
            }
        }

        void optionalDouble(Double d) {
            bool(d != null);
            if (d != null) {
                dbl(d);
            }
        }

        void optionalLong(Long v) {
            bool(v != null);
            if (v != null) {
                varlong(v);
            }
        }
    }

    private static final class In {
        final byte[] buf;
        int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        long varlong() {
            long z = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 63) {
                    throw new IllegalArgumentException("varint too long at byte " + pos);
                }
                byte b = buf[pos++];
                z |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
            }
            return (z >>> 1) ^ -(z & 1);
        }

        int count() {
            long n = varlong();
            if (n < 0 || n > buf.length) {
                throw new IllegalArgumentException("bad count " + n + " at byte " + pos);
            }
            return (int) n;
        }

        String string() {
            long n = varlong();
            if (n == 0) {
                return null;
            }
            int length = (int) (n - 1);
            if (n < 0 || length > buf.length - pos) {
                throw new IllegalArgumentException("bad string length " + (n - 1) + " at byte " + pos);
            }
            String s = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        <E extends Enum<E>> E name(Class<E> type) {
            String name = string();
            return name == null ? null : Enum.valueOf(type, name);
        }

        boolean bool() {
            return buf[pos++] != 0;
        }

        Boolean optionalBool() {
            byte b = buf[pos++];
            return b == 2 ? null : b == 1;
        }

        double dbl() {
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits |= (buf[pos++] & 0xFFL) << (8 * i);
            }
            return Double.longBitsToDouble(bits);
        }

        Double optionalDouble() {
            return bool() ? dbl() : null;
        }

        Long optionalLong() {
            return bool() ? varlong() : null;
        }
    }
}
