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

import io.partnersignals.contract.ActivityType;
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
        java.util.Set<PartnerState.Facts> kinds = java.util.EnumSet.noneOf(PartnerState.Facts.class);
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
                    kinds.add(kind);
                }
            }
            assertSameState(state, back);
        }
        assertTrue(facts > 2_000, "the states hold facts of every kind: " + facts);
        for (PartnerState.Facts kind : PartnerState.Facts.values()) {
            assertTrue(kinds.contains(kind), "no fact of kind " + kind);
        }
    }

    /** The kinds of model v1 keep their ordinals (the key's kind byte) and their bytes; the new kinds come after. */
    @Test
    void theKindsOfModelV1KeepTheirBytes() {
        assertEquals(List.of("SPONSOR_CHANGES", "OPEN_REQUESTS", "ANSWERED", "CONTRIBUTIONS", "PAGES", "PROMOTIONS",
                        "SALES", "HARMFUL_ASKS", "DEALS_WON", "PARTNER_REQUESTS", "OUR_ANSWERS", "COMPETITOR_APPROACHES"),
                Arrays.stream(PartnerState.Facts.values()).map(Enum::name).toList());
        // at 5 (zig-zag varint 0x0a), "REQUEST" (length 7 + 1, zig-zag 0x10), subject "s" (0x04, 0x73)
        assertEquals("0a" + "10" + "52455155455354" + "04" + "73", hex(FactCodec.encode(PartnerState.Facts.OPEN_REQUESTS,
                new PartnerState.OpenRequest("r", 5, io.partnersignals.contract.ActivityType.REQUEST, "s"))));
    }

    @Test
    void theNewKindsRoundTripWithTheirOptionalFields() {
        for (Object[] kindAndFact : new Object[][] {
                {PartnerState.Facts.DEALS_WON, new PartnerState.DealWon("d", -3, 0.0)},
                {PartnerState.Facts.DEALS_WON, new PartnerState.DealWon("d", 1_700_000_000_000L, 12_345.67)},
                {PartnerState.Facts.PARTNER_REQUESTS, new PartnerState.PartnerRequest("pr", 9,
                        io.partnersignals.contract.ActivityType.ESCALATION, null, null)},
                {PartnerState.Facts.PARTNER_REQUESTS, new PartnerState.PartnerRequest("pr", 9,
                        io.partnersignals.contract.ActivityType.REQUEST, "Joint \"roadshow\" dates", "PROMO-7")},
                {PartnerState.Facts.OUR_ANSWERS, 1_700_000_000_123L},
                {PartnerState.Facts.COMPETITOR_APPROACHES, new PartnerState.CompetitorApproach("ca", 4, null)},
                {PartnerState.Facts.COMPETITOR_APPROACHES, new PartnerState.CompetitorApproach("ca", 4, "Lunch \u00fc")}}) {
            PartnerState.Facts kind = (PartnerState.Facts) kindAndFact[0];
            Object fact = kindAndFact[1];
            String id = fact instanceof PartnerState.DealWon d ? d.activityId()
                    : fact instanceof PartnerState.PartnerRequest r ? r.activityId()
                    : fact instanceof PartnerState.CompetitorApproach c ? c.activityId() : "pr";
            assertEquals(fact, FactCodec.decode(kind, id, FactCodec.encode(kind, fact)), kind.name());
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
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
            switch (random.nextInt(14)) {
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
                case 8 -> s.apply(new PartnerState.HarmfulAsk(id, "promo" + random.nextInt(3),
                        (long) (day * 86_400_000L), random.nextBoolean() ? null : "push \"our\" sale"));
                case 9 -> s.apply(Events.activity(id, p, day, ActivityType.DEAL_WON,
                        random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND)
                        .setValueUsd(random.nextBoolean() ? null : random.nextDouble() * 1e6).build());
                case 10 -> s.apply(Events.activity(id, p, day,
                        random.nextBoolean() ? ActivityType.REQUEST : ActivityType.ESCALATION, Direction.INBOUND)
                        .setSubject(random.nextBoolean() ? null : "Joint roadshow \u00fc")
                        .setPromotionId(random.nextBoolean() ? null : "promo" + random.nextInt(3)).build());
                case 11 -> s.apply(Events.activity(id, p, day, ActivityType.RESPONSE, Direction.OUTBOUND)
                        .setRefActivityId("a" + n + "-" + random.nextInt(i + 1)).build());
                case 12 -> s.apply(Events.activity(id, p, day, ActivityType.COMPETITOR_APPROACH, Direction.INBOUND)
                        .setSubject(random.nextBoolean() ? null : "Lunch?").build());
                default -> s.apply(Events.activity(id, p, day, ActivityType.RESPONSE, Direction.OUTBOUND)
                        .setRefActivityId("never-asked-" + i).build());
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
        assertEquals(a.getDealsWon(), b.getDealsWon());
        assertEquals(a.getPartnerRequests(), b.getPartnerRequests());
        assertEquals(a.getOurAnswers(), b.getOurAnswers());
        assertEquals(a.getCompetitorApproaches(), b.getCompetitorApproaches());
    }

}
