package io.partnersignals.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The values of the history stores: this format round-trips, and values of the previous format still read. */
class HistoryValuesTest {

    private static final Instant AT = Instant.parse("2026-05-04T10:15:30.123Z");

    @Test
    void aPointKeepsDealFlowAndOurSide() {
        RiskSnapshot point = point().setDealFlow(0.375).setOurSide(42).build();
        assertThat(HistoryValues.decodePoint("acme", HistoryValues.encodePoint(point))).isEqualTo(point);
        assertThat(HistoryValues.pointScore(HistoryValues.encodePoint(point))).isEqualTo(47);
        RiskSnapshot withoutOurSide = point().setDealFlow(0.5).setOurSide(null).build();
        assertThat(HistoryValues.decodePoint("acme", HistoryValues.encodePoint(withoutOurSide))).isEqualTo(withoutOurSide);
    }

    @Test
    void anAlertKeepsItsKind() {
        for (AlertKind kind : AlertKind.values()) {
            RiskAlert alert = alert().setKind(kind).build();
            assertThat(HistoryValues.decodeAlert("acme", HistoryValues.encodeAlert(alert))).isEqualTo(alert);
        }
    }

    /** Format 2, as written before dealFlow, ourSide and the alert kind (the encoder of that version, by hand). */
    @Test
    void valuesOfThePreviousFormatReadWithTheDefaultsOfTheNewFields() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2);
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        e.writeIndex(1);
        e.writeString("Acme");
        e.writeLong(AT.toEpochMilli());
        e.writeInt(47);
        e.writeString("AMBER");
        e.writeString("v1");
        for (double v : new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}) {
            e.writeDouble(v);
        }
        e.flush();
        byte[] oldPoint = out.toByteArray();
        assertThat(HistoryValues.decodePoint("acme", oldPoint)).isEqualTo(point().setDealFlow(0.0).setOurSide(null).build());
        assertThat(HistoryValues.pointTime(oldPoint)).isEqualTo(AT.toEpochMilli());
        assertThat(HistoryValues.pointScore(oldPoint)).isEqualTo(47);

        out.reset();
        out.write(2);
        e = EncoderFactory.get().directBinaryEncoder(out, null);
        e.writeIndex(1);
        e.writeString("Acme");
        e.writeLong(AT.toEpochMilli());
        e.writeInt(RiskBand.GREEN.ordinal());
        e.writeInt(RiskBand.AMBER.ordinal());
        e.writeInt(47);
        e.writeInt(2);
        e.writeString("one");
        e.writeString("two");
        e.flush();
        assertThat(HistoryValues.decodeAlert("acme", out.toByteArray()))
                .isEqualTo(alert().setKind(AlertKind.BAND_CHANGE).build());
    }

    @Test
    void anUnknownFormatIsRefused() {
        byte[] bytes = HistoryValues.encodePoint(point().build());
        bytes[0] = 1;
        assertThatThrownBy(() -> HistoryValues.decodePoint("acme", bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 1");
    }

    private static RiskSnapshot.Builder point() {
        return RiskSnapshot.newBuilder().setPartnerId("acme").setPartnerName("Acme").setComputedAt(AT).setScore(47)
                .setBand("AMBER").setModelVersion("v1").setSponsorship(0.1).setResponsiveness(0.2).setReciprocity(0.3)
                .setAttribution(0.4).setDiversion(0.5).setPricingExclusion(0.6).setMarginErosion(0.7).setHarmfulAsk(0.8)
                .setDealFlow(0.0).setOurSide(null);
    }

    private static RiskAlert.Builder alert() {
        return RiskAlert.newBuilder().setPartnerId("acme").setPartnerName("Acme").setAt(AT).setFromBand(RiskBand.GREEN)
                .setToBand(RiskBand.AMBER).setScore(47).setReasons(List.of("one", "two"));
    }
}
