package io.partnersignals.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.registry.LocalSchemaRegistry;
import io.partnersignals.topology.PartnerSignalsTopology;
import io.partnersignals.topology.TopologySettings;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka Streams' "not now" exceptions become {@link NotQueryableException}, which the API answers with 503. */
class StreamsRiskViewTest {

    @TempDir
    Path stateDir;

    @Test
    void anInstanceNotStartedYetIsNotQueryable() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "partner-signals-view-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:8088");
        TopologySettings settings = TopologySettings.defaults().withStateStorage(TopologySettings.StateStorage.IN_MEMORY);
        try (KafkaStreams streams = new KafkaStreams(PartnerSignalsTopology.build(settings, new LocalSchemaRegistry(), props),
                props)) {
            StreamsRiskView view = new StreamsRiskView(streams, new HostInfo("127.0.0.1", 8088), stored -> {
                throw new AssertionError("nothing can be read before the instance runs");
            });

            assertThat(view.state()).isEqualTo(KafkaStreams.State.CREATED);
            assertThat(view.self()).isEqualTo(new HostInfo("127.0.0.1", 8088));
            assertThatThrownBy(() -> view.ownerOf("prodigal")).isInstanceOf(NotQueryableException.class);
            assertThatThrownBy(() -> view.local("prodigal")).isInstanceOf(NotQueryableException.class);
            assertThatThrownBy(view::localAll).isInstanceOf(NotQueryableException.class);
            assertThatThrownBy(view::otherInstances).isInstanceOf(NotQueryableException.class);
            assertThatThrownBy(() -> view.localHistory("prodigal", 30)).isInstanceOf(NotQueryableException.class);
            assertThatThrownBy(() -> view.localAlerts("prodigal")).isInstanceOf(NotQueryableException.class);
        }
    }
}
