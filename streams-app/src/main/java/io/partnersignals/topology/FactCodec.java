package io.partnersignals.topology;

import io.partnersignals.history.HistoryValues;
import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.model.PartnerState;
import io.partnersignals.model.PartnerState.Facts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Bytes;

/**
 * How a partner's facts are kept in the fact store: one entry per fact, so that an update writes
 * the facts it changed and nothing else, and no changelog record holds more than one fact.
 *
 * <p>Key: the partner id's UTF-8 length (2 bytes, big-endian), its bytes, the kind of fact (1 byte,
 * its ordinal), then the fact's id in UTF-8; all of one partner's facts share the prefix of its id,
 * so one prefix scan loads them. Value: the fact's fields without its id (the key holds it).
 * Strings are a varint of (UTF-8 length + 1), 0 for null; enums are written by name so that a symbol
 * added to the contract later does not shift the others; doubles as their 8 IEEE bytes (exact).
 */
final class FactCodec {

    private static final Facts[] KINDS = Facts.values();

    private FactCodec() {
    }

    /** The prefix of every key of this partner's facts: the same length-prefixed id as the history stores' keys. */
    static Bytes partnerPrefix(String partnerId) {
        return HistoryValues.prefix(partnerId);
    }

    static Bytes key(String partnerId, Facts kind, String factId) {
        byte[] p = partnerPrefix(partnerId).get();
        byte[] f = factId.getBytes(StandardCharsets.UTF_8);
        byte[] k = Arrays.copyOf(p, p.length + 1 + f.length);
        k[p.length] = (byte) kind.ordinal();
        System.arraycopy(f, 0, k, p.length + 1, f.length);
        return Bytes.wrap(k);
    }

    /** The kind of fact a key names, for a key of a partner whose prefix is {@code prefixLength} bytes. */
    static Facts kind(Bytes key, int prefixLength) {
        int ordinal = key.get()[prefixLength];
        if (ordinal < 0 || ordinal >= KINDS.length) {
            throw new SerializationException("unknown kind of fact " + ordinal + " in a fact-store key");
        }
        return KINDS[ordinal];
    }

    static String factId(Bytes key, int prefixLength) {
        byte[] k = key.get();
        return new String(k, prefixLength + 1, k.length - prefixLength - 1, StandardCharsets.UTF_8);
    }

    static byte[] encode(Facts kind, Object fact) {
        Out out = new Out();
        switch (kind) {
            case SPONSOR_CHANGES -> {
                PartnerState.SponsorChange c = (PartnerState.SponsorChange) fact;
                out.varlong(c.at());
                out.name(c.level());
            }
            case OPEN_REQUESTS -> {
                PartnerState.OpenRequest r = (PartnerState.OpenRequest) fact;
                out.varlong(r.at());
                out.name(r.type());
                out.string(r.subject());
            }
            case ANSWERED -> out.varlong((Long) fact);
            case CONTRIBUTIONS -> {
                PartnerState.Contribution c = (PartnerState.Contribution) fact;
                out.varlong(c.at());
                out.name(c.direction());
                out.dbl(c.valueUsd());
            }
            case PAGES -> {
                PartnerState.Page p = (PartnerState.Page) fact;
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
            case PROMOTIONS -> {
                PartnerState.Promotion p = (PartnerState.Promotion) fact;
                out.optionalLong(p.startedAt());
                out.optionalLong(p.endedAt());
                out.optionalBool(p.eligibleForUs());
                out.string(p.sku());
                out.optionalDouble(p.listPrice());
                out.optionalDouble(p.promoPrice());
                out.varlong(p.pricedAt());
            }
            case SALES -> {
                PartnerState.Sale sale = (PartnerState.Sale) fact;
                out.varlong(sale.at());
                out.string(sale.sku());
                out.dbl(sale.ourCost());
                out.dbl(sale.ourSellPrice());
            }
            case HARMFUL_ASKS -> {
                PartnerState.HarmfulAsk h = (PartnerState.HarmfulAsk) fact;
                out.string(h.promotionId());
                out.varlong(h.at());
                out.string(h.subject());
            }
            case DEALS_WON -> {
                PartnerState.DealWon d = (PartnerState.DealWon) fact;
                out.varlong(d.at());
                out.dbl(d.valueUsd());
            }
            case PARTNER_REQUESTS -> {
                PartnerState.PartnerRequest r = (PartnerState.PartnerRequest) fact;
                out.varlong(r.at());
                out.name(r.type());
                out.string(r.subject());
                out.string(r.promotionId());
            }
            case OUR_ANSWERS -> out.varlong((Long) fact);
            case COMPETITOR_APPROACHES -> {
                PartnerState.CompetitorApproach c = (PartnerState.CompetitorApproach) fact;
                out.varlong(c.at());
                out.string(c.subject());
            }
        }
        return Arrays.copyOf(out.buf, out.len);
    }

    static Object decode(Facts kind, String id, byte[] bytes) {
        try {
            In in = new In(bytes);
            Object fact = switch (kind) {
                case SPONSOR_CHANGES -> new PartnerState.SponsorChange(id, in.varlong(), in.name(SponsorLevel.class));
                case OPEN_REQUESTS -> new PartnerState.OpenRequest(id, in.varlong(), in.name(ActivityType.class),
                        in.string());
                case ANSWERED -> in.varlong();
                case CONTRIBUTIONS -> new PartnerState.Contribution(id, in.varlong(), in.name(Direction.class), in.dbl());
                case PAGES -> {
                    long fetchedAt = in.varlong();
                    int status = (int) in.varlong();
                    String pageKind = in.string();
                    boolean mentions = in.bool();
                    boolean links = in.bool();
                    List<String> competitorLinks = new ArrayList<>();
                    for (int j = in.count(); j > 0; j--) {
                        competitorLinks.add(in.string());
                    }
                    yield new PartnerState.Page(id, fetchedAt, status, pageKind, mentions, links,
                            List.copyOf(competitorLinks));
                }
                case PROMOTIONS -> new PartnerState.Promotion(id, in.optionalLong(), in.optionalLong(),
                        in.optionalBool(), in.string(), in.optionalDouble(), in.optionalDouble(), in.varlong());
                case SALES -> new PartnerState.Sale(id, in.varlong(), in.string(), in.dbl(), in.dbl());
                case HARMFUL_ASKS -> new PartnerState.HarmfulAsk(id, in.string(), in.varlong(), in.string());
                case DEALS_WON -> new PartnerState.DealWon(id, in.varlong(), in.dbl());
                case PARTNER_REQUESTS -> new PartnerState.PartnerRequest(id, in.varlong(), in.name(ActivityType.class),
                        in.string(), in.string());
                case OUR_ANSWERS -> in.varlong();
                case COMPETITOR_APPROACHES -> new PartnerState.CompetitorApproach(id, in.varlong(), in.string());
            };
            if (in.pos != bytes.length) {
                throw new IllegalArgumentException((bytes.length - in.pos) + " bytes left after the fact");
            }
            return fact;
        } catch (RuntimeException e) {
            throw new SerializationException("cannot decode a " + kind + " fact '" + id + "'", e);
        }
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
