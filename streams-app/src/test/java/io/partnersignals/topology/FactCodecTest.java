package io.partnersignals.topology;

import static io.partnersignals.topology.Events.contribution;
import static io.partnersignals.topology.Events.page;
import static io.partnersignals.topology.Events.priceChange;
import static io.partnersignals.topology.Events.promotion;
import static io.partnersignals.topology.Events.request;
import static io.partnersignals.topology.Events.response;
import static io.partnersignals.topology.Events.sale;
import static io.partnersignals.topology.Events.sponsor;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.model.PartnerState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** The fact store's keys and values: one entry per fact, every fact of a partner under its own prefix. */
class FactCodecTest {

    @Test
    void everyFactSurvivesTheRoundTripThroughKeyAndValue() {
        Random random = new Random(11);
        int facts = 0;
        for (int n = 0; n < 200; n++) {
            PartnerState state = randomState(random, n);
            PartnerState back = new PartnerState(state.getPartnerId());
            Bytes prefix = FactCodec.partnerPrefix(state.getPartnerId());
            for (PartnerState.Facts kind : PartnerState.Facts.values()) {
                for (Map.Entry<String, Object> fact : state.facts(kind).entrySet()) {
                    Bytes key = FactCodec.key(state.getPartnerId(), kind, fact.getKey());
                    assertTrue(startsWith(key, prefix), "every key starts with its partner's prefix");
                    int length = prefix.get().length;
                    assertEquals(kind, FactCodec.kind(key, length));
                    String id = FactCodec.factId(key, length);
                    assertEquals(fact.getKey(), id);
                    back.facts(kind).put(id, FactCodec.decode(kind, id, FactCodec.encode(kind, fact.getValue())));
                    facts++;
                }
            }
            assertSameState(state, back);
        }
        assertTrue(facts > 2_000, "the states hold facts of every kind: " + facts);
    }

    @Test
    void onePartnersPrefixNeverMatchesTheKeysOfAnotherWhoseIdStartsTheSame() {
        Bytes p1 = FactCodec.partnerPrefix("p1");
        for (String other : List.of("p10", "p1\u0000", "p", "p1 ", "p\u00fc")) {
            assertFalse(startsWith(FactCodec.key(other, PartnerState.Facts.PAGES, "x"), p1), other);
        }
        assertTrue(startsWith(FactCodec.key("p1", PartnerState.Facts.PAGES, ""), p1));
    }

    @Test
    void aDamagedFactIsASerializationErrorNamingItsKindAndId() {
        PartnerState.Page page = new PartnerState.Page("https://a.example/x", 5, 200, "GENERAL", true, false,
                List.of("c1"));
        byte[] bytes = FactCodec.encode(PartnerState.Facts.PAGES, page);
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 2);
        SerializationException e = assertThrows(SerializationException.class,
                () -> FactCodec.decode(PartnerState.Facts.PAGES, page.url(), cut));
        assertTrue(e.getMessage().contains("PAGES") && e.getMessage().contains(page.url()), e.getMessage());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(SerializationException.class, () -> FactCodec.decode(PartnerState.Facts.PAGES, page.url(), longer));
    }

    @Test
    void aFactEntryIsSmallWhateverTheStateHolds() {
        PartnerState big = randomState(new Random(3), 4);
        for (PartnerState.Facts kind : PartnerState.Facts.values()) {
            for (Object fact : big.facts(kind).values()) {
                assertTrue(FactCodec.encode(kind, fact).length < 200, kind + " " + fact);
            }
        }
    }

    private static boolean startsWith(Bytes key, Bytes prefix) {
        byte[] k = key.get();
        byte[] p = prefix.get();
        return k.length >= p.length && Arrays.equals(Arrays.copyOf(k, p.length), p);
    }

    private static PartnerState randomState(Random random, int n) {
        String p = "p" + n;
        PartnerState s = new PartnerState(p);
        int events = random.nextInt(60);
        for (int i = 0; i < events; i++) {
            double day = random.nextDouble() * 90;
            String id = "a" + n + "-" + i;
            switch (random.nextInt(9)) {
                case 0 -> s.apply(sponsor(id, p, day, SponsorLevel.values()[random.nextInt(5)]));
                case 1 -> s.apply(request(id, p, day));
                case 2 -> s.apply(response(id, p, day, "a" + n + "-" + random.nextInt(i + 1)));
                case 3 -> s.apply(contribution(id, p, day, Direction.OUTBOUND, random.nextDouble() * 1e5));
                case 4 -> s.apply(page(p, "https://" + p + ".example/ü/" + random.nextInt(5), day,
                        PageKind.values()[random.nextInt(5)], random.nextBoolean(), random.nextBoolean()),
                        random.nextBoolean() ? List.of("c1", "c2") : List.of());
                case 5 -> s.apply(promotion(id, p, day, "promo" + random.nextInt(3), 100.25, 61.5, random.nextBoolean()));
                case 6 -> s.apply(priceChange(id, p, day, "promo" + random.nextInt(3), 99, 0.1 + random.nextDouble()));
                case 7 -> s.apply(sale(id, p, day, 70, 100));
                default -> s.apply(new PartnerState.HarmfulAsk(id, "promo" + random.nextInt(3),
                        (long) (day * 86_400_000L), random.nextBoolean() ? null : "push \"our\" sale"));
            }
        }
        if (random.nextBoolean()) {
            s.apply(PricingEvent.newBuilder(promotion("x" + n, p, 1, "bare", 1, 1, true))
                    .setListPrice(null).setPromoPrice(null).setEligibleForUs(null).setSku(null).build());
        }
        return s;
    }

    private static void assertSameState(PartnerState a, PartnerState b) {
        assertEquals(a.getPartnerId(), b.getPartnerId());
        assertEquals(a.getSponsorChanges(), b.getSponsorChanges());
        assertEquals(a.getOpenRequests(), b.getOpenRequests());
        assertEquals(a.getAnswered(), b.getAnswered());
        assertEquals(a.getContributions(), b.getContributions());
        assertEquals(a.getPages(), b.getPages());
        assertEquals(a.getPromotions(), b.getPromotions());
        assertEquals(a.getSales(), b.getSales());
        assertEquals(a.getHarmfulAsks(), b.getHarmfulAsks());
    }

}
