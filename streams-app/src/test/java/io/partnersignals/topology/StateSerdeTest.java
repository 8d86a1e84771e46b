package io.partnersignals.topology;

import static io.partnersignals.topology.Events.contribution;
import static io.partnersignals.topology.Events.page;
import static io.partnersignals.topology.Events.priceChange;
import static io.partnersignals.topology.Events.promotion;
import static io.partnersignals.topology.Events.request;
import static io.partnersignals.topology.Events.response;
import static io.partnersignals.topology.Events.sale;
import static io.partnersignals.topology.Events.sponsor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.model.PartnerState;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StateSerdeTest {

    private final StateSerde serde = new StateSerde();

    @Test
    void everyFactAndThePublishedStateSurviveTheRoundTrip() {
        Random random = new Random(11);
        for (int n = 0; n < 200; n++) {
            PartnerState state = randomState(random, n);
            byte[] bytes = serde.serializer().serialize("t", state);
            PartnerState back = serde.deserializer().deserialize("t", bytes);
            assertSameState(state, back);
            assertArrayEquals(bytes, serde.serializer().serialize("t", back), "re-encoding is stable");
        }
    }

    @Test
    void statesWrittenInTheEarlierCborFormAreStillRead() throws Exception {
        ObjectMapper cbor = new ObjectMapper(new CBORFactory())
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        PartnerState state = randomState(new Random(5), 1);
        byte[] legacy = cbor.writeValueAsBytes(state);
        assertSameState(state, serde.deserializer().deserialize("t", legacy));
        assertTrue(serde.serializer().serialize("t", state).length < legacy.length * 0.7,
                "format 1 is markedly smaller than CBOR with field names");
    }

    @Test
    void aDamagedStateIsASerializationErrorNamingTheTopic() {
        byte[] bytes = serde.serializer().serialize("t", randomState(new Random(3), 2));
        byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize("partner-state-changelog", cut));
        assertTrue(e.getMessage().contains("partner-state-changelog"), e.getMessage());
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
        s.setLastScore(random.nextBoolean() ? null : random.nextInt(101));
        s.setAlertBand(RiskBand.values()[random.nextInt(3)]);
        s.setLastFingerprint(random.nextLong());
        s.setNextDueAt(random.nextBoolean() ? Long.MAX_VALUE : random.nextLong());
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
        assertEquals(a.getLastScore(), b.getLastScore());
        assertEquals(a.getAlertBand(), b.getAlertBand());
        assertEquals(a.getLastFingerprint(), b.getLastFingerprint());
        assertEquals(a.getNextDueAt(), b.getNextDueAt());
    }

}
