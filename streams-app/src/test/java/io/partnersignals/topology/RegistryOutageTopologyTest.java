package io.partnersignals.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.RegistryUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A record that cannot be decoded because the registry does not answer is not refused: the error
 * handlers of the application fail the thread (here: the driver throws), no dead letter is written,
 * and the record, read again once the registry answers, is scored as if nothing had happened.
 */
class RegistryOutageTopologyTest {

    private static final TopologySettings SETTINGS = TopologySettings.defaults().withIdleAdvance(false);

    private final SwitchableRegistryDouble registry = new SwitchableRegistryDouble();
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> crm;
    private final TestInputTopic<String, byte[]> partners;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<String, byte[]> risks;
    /** The producers' side: same registry, its own caches. */
    private final AvroWireSerde<CrmActivity> crmWriter = AvroWireSerde.forValue(registry, CrmActivity.class);
    private final AvroWireSerde<Partner> partnerWriter = AvroWireSerde.forValue(registry, Partner.class);

    RegistryOutageTopologyTest() {
        try {
            stateDir = Files.createTempDirectory("registry-outage-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = PartnerSignalsTopology.errorHandling(SETTINGS.topics());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "registry-outage-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "test:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(PartnerSignalsTopology.build(SETTINGS, registry, props, ScoringMetrics.discarding()),
                props, PipelineDriver.WALL_CLOCK);
        TopicNames t = SETTINGS.topics();
        crm = driver.createInputTopic(t.crmActivity(), new StringSerializer(), new ByteArraySerializer());
        partners = driver.createInputTopic(t.partners(), new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(t.deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        risks = driver.createOutputTopic(t.partnerRisk(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void anEventWhoseSchemaCannotBeFetchedFailsTheThreadInsteadOfBecomingADeadLetter() {
        CrmActivity sponsor = Events.sponsor("s-1", "acme", 1, SponsorLevel.EXECUTIVE);
        byte[] bytes = crmWriter.serializer().serialize(SETTINGS.topics().crmActivity(), sponsor);
        registry.down();

        Throwable failure = catchThrowable(() -> crm.pipeInput("acme", bytes, sponsor.getOccurredAt()));

        assertThat(failure).isNotNull();
        assertThat(RegistryUnavailableException.isCause(failure)).as("%s", failure).isTrue();
        assertThat(registry.refused()).isPositive();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(risks.isEmpty()).isTrue();

        // the replaced thread reads the record again once the registry answers
        registry.up();
        crm.pipeInput("acme", bytes, sponsor.getOccurredAt());
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(risks.readKeyValuesToMap()).containsKey("acme");
    }

    @Test
    void aPartnerThatCannotBeDecodedIsNotSkipped() {
        Partner acme = Events.partner("acme", "Acme Corp");
        byte[] bytes = partnerWriter.serializer().serialize(SETTINGS.topics().partners(), acme);
        CrmActivity sponsor = Events.sponsor("s-1", "acme", 1, SponsorLevel.EXECUTIVE);
        byte[] event = crmWriter.serializer().serialize(SETTINGS.topics().crmActivity(), sponsor);
        registry.down();

        Throwable failure = catchThrowable(() -> partners.pipeInput("acme", bytes, Events.day(0)));
        assertThat(RegistryUnavailableException.isCause(failure)).as("%s", failure).isTrue();

        registry.up();
        partners.pipeInput("acme", bytes, Events.day(0));
        crm.pipeInput("acme", event, sponsor.getOccurredAt());
        AvroWireSerde<PartnerRisk> riskReader = AvroWireSerde.forValue(registry, PartnerRisk.class);
        PartnerRisk risk = riskReader.deserializer().deserialize(SETTINGS.topics().partnerRisk(),
                risks.readKeyValuesToMap().get("acme"));
        assertThat(risk.getPartnerName()).isEqualTo("Acme Corp");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aSchemaIdTheRegistrySaysItDoesNotHaveIsStillADeadLetter() {
        crm.pipeInput("acme", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 4}, Events.day(1));

        assertThat(deadLetters.readRecordsToList()).hasSize(1);
    }
}
