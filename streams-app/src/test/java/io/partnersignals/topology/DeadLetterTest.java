package io.partnersignals.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.SponsorLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final TopologySettings SETTINGS = TopologySettings.defaults().withIdleAdvance(false);

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A CrmActivity written by a producer whose schema knows an activity type we do not (WEBINAR). */
    private static byte[] activityWithUnknownType(PipelineDriver p) throws IOException {
        String evolved = CrmActivity.getClassSchema().toString()
                .replace("\"COMPETITOR_APPROACH\"]", "\"COMPETITOR_APPROACH\",\"WEBINAR\"]");
        Schema writer = new Schema.Parser().parse(evolved);
        // a producer outside our contract registered it under its own subject; ids are global
        int id = p.registry.register("rogue-producer-value", writer);
        GenericRecord r = new GenericData.Record(writer);
        r.put("activityId", "w-1");
        r.put("partnerId", "acme");
        r.put("occurredAt", Events.day(1).toEpochMilli());
        r.put("type", new GenericData.EnumSymbol(writer.getField("type").schema(), "WEBINAR"));
        r.put("direction", new GenericData.EnumSymbol(writer.getField("direction").schema(), "OUTBOUND"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(r, enc);
        enc.flush();
        return out.toByteArray();
    }

    @Test
    void badRecordsBecomeDeadLettersWithContextAndTheStreamGoesOn() throws IOException {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
            p.rawCrm.pipeInput("acme", garbage, Events.day(1));                                    // offset 0
            p.rawCrm.pipeInput("acme", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 4}, Events.day(1));     // offset 1
            p.rawCrm.pipeInput("acme", activityWithUnknownType(p), Events.day(1));                // offset 2
            CrmActivity noPartner = Events.sponsor("s-x", "", 1, SponsorLevel.STAFF);
            p.crm.pipeInput("acme", noPartner, Events.day(1));                                    // offset 3
            CrmActivity future = Events.sponsor("s-f", "acme", 1, SponsorLevel.STAFF);
            future.setOccurredAt(PipelineDriver.WALL_CLOCK.plusSeconds(30L * 86_400));
            p.crm.pipeInput("acme", future, Events.day(1));                                       // offset 4
            PricingEvent negative = Events.sale("sale-neg", "acme", 1, -5, 100);
            p.pricing.pipeInput("acme", negative, Events.day(1));                                 // pricing offset 0
            p.send(Events.sponsor("s-ok", "acme", 2, SponsorLevel.EXECUTIVE));                    // a good one after them

            List<TestRecord<byte[], byte[]>> dead = p.deadLetters.readRecordsToList();
            assertThat(dead).hasSize(6);
            assertThat(dead.get(0).value()).isEqualTo(garbage);
            assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("acme");
            for (int i = 0; i < 5; i++) {
                assertThat(header(dead.get(i), DeadLetter.TOPIC)).isEqualTo("crm.activity");
                assertThat(header(dead.get(i), DeadLetter.PARTITION)).isEqualTo("0");
                assertThat(header(dead.get(i), DeadLetter.OFFSET)).isEqualTo(String.valueOf(i));
                assertThat(header(dead.get(i), DeadLetter.EXCEPTION)).isNotBlank();
                assertThat(header(dead.get(i), DeadLetter.STACKTRACE)).isNotBlank();
            }
            assertThat(header(dead.get(0), DeadLetter.MESSAGE)).containsIgnoringCase("magic byte");
            assertThat(header(dead.get(1), DeadLetter.MESSAGE)).contains(String.valueOf(0x7f7f));
            assertThat(header(dead.get(2), DeadLetter.MESSAGE)).contains("WEBINAR");
            assertThat(header(dead.get(3), DeadLetter.MESSAGE)).isEqualTo("partnerId is empty");
            assertThat(header(dead.get(4), DeadLetter.MESSAGE)).contains("ahead of the clock");
            assertThat(header(dead.get(5), DeadLetter.TOPIC)).isEqualTo("pricing.events");
            assertThat(header(dead.get(5), DeadLetter.MESSAGE)).contains("ourCost").contains("-5.0");

            assertThat(p.latest()).containsOnlyKeys("acme");
        }
    }

    @Test
    void aTombstoneOnAnEventTopicIsADeadLetterNotACrash() {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            p.rawCrm.pipeInput("acme", (byte[]) null, Instant.parse("2026-03-02T00:00:00Z"));
            p.send(Events.activity("c1", "acme", 1, ActivityType.CONTRIBUTION, Direction.OUTBOUND).setValueUsd(10.0).build());
            assertThat(p.deadLetters.readRecordsToList()).singleElement()
                    .satisfies(r -> assertThat(header(r, DeadLetter.MESSAGE)).contains("tombstone"));
            assertThat(p.latest()).containsKey("acme");
        }
    }

    private static PipelineDriver withHandlers(ScoringMetrics metrics) {
        return new PipelineDriver(SETTINGS, metrics, PartnerSignalsTopology.errorHandling(SETTINGS.topics(),
                DeadLetterRecords.DEFAULT_MAX_BYTES, metrics, new UnwritableRecords()));
    }

    private static double deadLettersCounted(SimpleMeterRegistry meters, String topic) {
        Counter c = meters.find("partner_signals_dead_letters").tag("topic", topic).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aValueTooLargeForItsDeadLetterIsCutToFitWithItsOriginalSizeAndTheStreamGoesOn() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (PipelineDriver p = withHandlers(new ScoringMetrics(meters))) {
            byte[] garbage = new byte[1_047_000];
            java.util.Arrays.fill(garbage, (byte) 'x');
            p.rawCrm.pipeInput("acme", garbage, Events.day(1));
            p.send(Events.sponsor("s-ok", "acme", 2, SponsorLevel.EXECUTIVE));

            TestRecord<byte[], byte[]> dead = p.deadLetters.readRecordsToList().get(0);
            long headerBytes = 0;
            for (Header h : dead.headers()) {
                headerBytes += h.key().length() + h.value().length;
            }
            assertThat(dead.value().length + dead.key().length + headerBytes).isLessThanOrEqualTo(DeadLetterRecords.DEFAULT_MAX_BYTES);
            assertThat(dead.value()).isEqualTo(java.util.Arrays.copyOf(garbage, dead.value().length));
            assertThat(header(dead, DeadLetterRecords.TRUNCATED)).isEqualTo("true");
            assertThat(header(dead, DeadLetterRecords.ORIGINAL_SIZE)).isEqualTo("1047000");
            assertThat(header(dead, DeadLetter.TOPIC)).isEqualTo("crm.activity");
            assertThat(header(dead, DeadLetter.OFFSET)).isEqualTo("0");
            assertThat(p.latest()).containsKey("acme");
            assertThat(deadLettersCounted(meters, "crm.activity")).isEqualTo(1);
        }
    }

    @Test
    void anEventFarBehindThePartitionsClockIsADeadLetterAndChangesNothing() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (PipelineDriver p = withHandlers(new ScoringMetrics(meters))) {
            p.send(Events.sponsor("s-1", "acme", 200, SponsorLevel.EXECUTIVE));
            p.latest();
            CrmActivity ancient = Events.activity("old-1", "acme", 0, ActivityType.REQUEST, Direction.OUTBOUND)
                    .setOccurredAt(Instant.parse("2001-01-01T00:00:00Z")).setSubject("Ancient ask").build();
            p.crm.pipeInput("acme", ancient, ancient.getOccurredAt());
            // within the lateness grace (1 day): taken
            CrmActivity slightlyLate = Events.activity("late-1", "acme", 199.5, ActivityType.REQUEST, Direction.OUTBOUND)
                    .setSubject("A day-old ask").build();
            p.send(slightlyLate);

            List<TestRecord<byte[], byte[]>> dead = p.deadLetters.readRecordsToList();
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(header(r, DeadLetter.MESSAGE)).contains("2001-01-01T00:00:00Z")
                        .contains("behind this partition's scoring clock").contains("model.lateness");
                assertThat(header(r, DeadLetter.TOPIC)).isEqualTo("crm.activity");
                assertThat(header(r, DeadLetter.OFFSET)).isEqualTo("1");
            });
            assertThat(deadLettersCounted(meters, "crm.activity")).isEqualTo(1);
            assertThat(p.latest().get("acme").getFactors().toString()).contains("late-1").doesNotContain("old-1");
        }
    }

    @Test
    void anEmptyPartnerValueIsADeadLetterWhileATombstoneRemovesTheNameFromLaterScores() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (PipelineDriver p = withHandlers(new ScoringMetrics(meters))) {
            p.partners.pipeInput("acme", Events.partner("acme", "Acme Corp"), Events.day(0));
            p.send(Events.sponsor("s-1", "acme", 1, SponsorLevel.EXECUTIVE));
            assertThat(p.latest().get("acme").getPartnerName()).isEqualTo("Acme Corp");

            org.apache.kafka.streams.TestInputTopic<String, byte[]> rawPartners = p.driver.createInputTopic(
                    SETTINGS.topics().partners(), new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            rawPartners.pipeInput("acme", new byte[0], Events.day(2));
            assertThat(p.deadLetters.readRecordsToList()).singleElement().satisfies(r -> {
                assertThat(header(r, DeadLetter.TOPIC)).isEqualTo("partners");
                assertThat(header(r, DeadLetter.MESSAGE)).contains("empty value");
            });
            assertThat(deadLettersCounted(meters, "partners")).isEqualTo(1);
            p.send(Events.sponsor("s-2", "acme", 3, SponsorLevel.STAFF));
            assertThat(p.latest().get("acme").getPartnerName()).as("the empty value changed nothing").isEqualTo("Acme Corp");

            rawPartners.pipeInput("acme", (byte[]) null, Events.day(4));
            assertThat(p.deadLetters.readRecordsToList()).isEmpty();
            p.send(Events.sponsor("s-3", "acme", 5, SponsorLevel.EXECUTIVE));
            assertThat(p.latest().get("acme").getPartnerName()).as("a tombstone removes the name").isNull();
        }
    }

    @Test
    void oneFactStaysSmallWhateverAProducerSends() {
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            p.competitors.pipeInput("rival", Events.competitor("rival", "Rival Inc", "rival.com"));
            p.send(Events.activity("a-1", "acme", 1, ActivityType.REQUEST, Direction.OUTBOUND)
                    .setSubject("x".repeat(1001)).build());
            p.send(Events.page("acme", "https://acme.example/" + "p".repeat(2100), 1,
                    io.partnersignals.contract.PageKind.GENERAL, true, true));
            String[] hosts = new String[5000];
            for (int i = 0; i < hosts.length; i++) {
                hosts[i] = "h" + i + ".rival.com";
            }
            p.send(Events.page("acme", "https://acme.example/links", 1, io.partnersignals.contract.PageKind.GENERAL,
                    true, true, hosts));

            List<TestRecord<byte[], byte[]>> dead = p.deadLetters.readRecordsToList();
            assertThat(dead).hasSize(2);
            assertThat(header(dead.get(0), DeadLetter.MESSAGE)).isEqualTo("subject has 1001 characters; at most 1000 are taken");
            assertThat(header(dead.get(1), DeadLetter.MESSAGE)).isEqualTo("url has 2121 characters; at most 2048 are taken");
            assertThat(p.latest().get("acme").getFactors().toString())
                    .contains("h99.rival.com").doesNotContain("h100.rival.com");
        }
    }
}
