package io.partnersignals.faults;

import io.partnersignals.faults.FaultInput.Input;
import io.partnersignals.topology.TopicNames;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The only broker dies hard mid-stream and comes back on the same log directory. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerRestartIT {

    private final FaultPlan plan = FaultPlan.fromSystemProperties();
    private FaultCluster cluster;
    private List<Input> inputs;
    private Instant end;
    private ReplayOracle oracle;

    @BeforeAll
    void start() throws Exception {
        cluster = FaultCluster.start("broker-restart");
        inputs = plan.inputs(cluster.work.resolve("input"));
        end = FaultInput.end(inputs);
        oracle = ReplayOracle.of(inputs, end, cluster.work);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aBrokerKilledAndRestartedMidStreamUnderExactlyOnceLosesAndDoublesNothing() throws Exception {
        TopicNames t = FaultCluster.topics("broker.");
        Map<String, String> settings = cluster.settings("faults-broker", t, Ports.free());
        settings.put("kafka.processing.guarantee", "exactly_once_v2");
        try (AppInstance app = AppInstance.start("app", settings, cluster.work)) {
            app.awaitReady(FaultCluster.PATIENCE);
            new FaultDrill(cluster, plan, "broker-restart", t, "faults-broker", inputs, end, oracle, () -> List.of(app))
                    .run(new FaultDrill.Fault() {
                        @Override
                        public void inject(int round) {
                            cluster.broker.kill();
                        }

                        @Override
                        public void heal(int round) {
                            cluster.broker.start();
                            cluster.broker.awaitReady();
                        }
                    });
        }
    }
}
