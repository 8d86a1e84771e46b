package io.partnersignals.topology;

import static io.partnersignals.topology.Events.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.ModelSettings;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.registry.LocalSchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * A scoring task that stops after a switch and starts again on the same stores (what a restart or a
 * move restores) goes on with the version it switched to: it neither re-scores every partner again
 * nor goes back to the configured model.
 */
class ModelSwitchRestartTest {

    private static final String MODEL_TOPIC = "partner-signals.model.accepted";
    private final LocalSchemaRegistry registry = new LocalSchemaRegistry();
    private final AvroWireSerde<ModelSettings> models = AvroWireSerde.forValue(registry, ModelSettings.class);
    private final List<StateStore> stores = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ModelSchedule schedule = new ModelSchedule(PartnerSignalsTopology.MODEL_STORE, MODEL_TOPIC,
            models.deserializer());

    ModelSwitchRestartTest() {
        for (String name : List.of(PartnerSignalsTopology.FACT_STORE, PartnerSignalsTopology.HISTORY_STORE,
                PartnerSignalsTopology.ALERT_LOG_STORE)) {
            stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                    .withLoggingDisabled().build());
        }
        for (String name : List.of(PartnerSignalsTopology.PUBLISHED_STORE, PartnerSignalsTopology.DUE_STORE,
                PartnerSignalsTopology.MODEL_STORE)) {
            stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                    .withLoggingDisabled().build());
        }
        for (String name : List.of(PartnerSignalsTopology.PENDING_STORE, PartnerSignalsTopology.CLOCK_STORE)) {
            stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.Long())
                    .withLoggingDisabled().build());
        }
        stores.add(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(PartnerSignalsTopology.PARTNERS_STORE),
                Serdes.String(), AvroWireSerde.forValue(registry, Partner.class)).withLoggingDisabled().build());
    }

    /** A task on the stores: a new processor and context, as Kafka Streams makes at each start. */
    private MockProcessorContext<String, Scored> start() {
        MockProcessorContext<String, Scored> context = new MockProcessorContext<>();
        for (StateStore store : stores) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        return context;
    }

    private PartnerScoring scoring(MockProcessorContext<String, Scored> context) {
        PartnerScoring scoring = new PartnerScoring(TopologySettings.defaults(), new PartnerScoring.Stores(
                PartnerSignalsTopology.FACT_STORE, PartnerSignalsTopology.PUBLISHED_STORE,
                PartnerSignalsTopology.PENDING_STORE, PartnerSignalsTopology.DUE_STORE, PartnerSignalsTopology.CLOCK_STORE,
                PartnerSignalsTopology.PARTNERS_STORE, null, PartnerSignalsTopology.HISTORY_STORE,
                PartnerSignalsTopology.ALERT_LOG_STORE), null, new ScoringMetrics(meters), schedule);
        scoring.init(context);
        return scoring;
    }

    private static Record<String, PartnerSignal> signal(CrmActivity a) {
        return new Record<>(a.getPartnerId(), new PartnerSignal.Activity(a), a.getOccurredAt().toEpochMilli());
    }

    private static List<PartnerRisk> published(MockProcessorContext<String, Scored> context) {
        List<PartnerRisk> risks = context.forwarded().stream().map(f -> f.record().value().risk()).toList();
        context.resetForwards();
        return risks;
    }

    @Test
    void aRestartedTaskKeepsTheVersionItSwitchedToAndDoesNotReScoreAgain() {
        @SuppressWarnings("unchecked")
        KeyValueStore<String, byte[]> modelStore = (KeyValueStore<String, byte[]>) stores.stream()
                .filter(s -> s.name().equals(PartnerSignalsTopology.MODEL_STORE)).findFirst().orElseThrow();
        MockProcessorContext<String, Scored> first = start();
        modelStore.put("v2-test", models.serializer().serialize(MODEL_TOPIC,
                new ModelSettings("v2-test", day(5), Map.of("model.weight.reciprocity", "0.3"))));
        schedule.changed();
        PartnerScoring before = scoring(first);
        before.process(signal(Events.request("r-a", "p-a", 0)));
        before.process(signal(Events.contribution("c-b", "p-b", 0, Direction.OUTBOUND, 5_000)));
        before.process(signal(Events.request("r-a2", "p-a", 6)));
        List<PartnerRisk> firstRun = published(first);
        assertThat(firstRun).filteredOn(r -> r.getComputedAt().equals(day(5)))
                .extracting(r -> r.getPartnerId() + "@" + r.getModelVersion())
                .containsExactly("p-a@v2-test", "p-b@v2-test");
        before.close();

        double evaluatedBefore = evaluations();
        MockProcessorContext<String, Scored> second = start();
        PartnerScoring after = scoring(second);
        after.process(signal(Events.contribution("c-b2", "p-b", 6.5, Direction.OUTBOUND, 5_000)));
        List<PartnerRisk> secondRun = published(second);
        assertThat(secondRun).extracting(r -> r.getPartnerId() + "@" + r.getComputedAt() + "@" + r.getModelVersion())
                .containsExactly("p-b@" + day(6.5) + "@v2-test");
        // a second re-score would publish nothing (same facts, same version), but it would evaluate every partner
        assertThat(evaluations() - evaluatedBefore).isEqualTo(1);
    }

    private double evaluations() {
        return meters.get("partner_signals_evaluations").counter().count();
    }
}
