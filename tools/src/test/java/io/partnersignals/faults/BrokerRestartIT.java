package io.partnersignals.faults;

import io.partnersignals.faults.FaultInput.Input;
import io.partnersignals.topology.TopicNames;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The only broker goes down mid-stream under exactly_once_v2 and comes back on the same ports and log
 * directory: stopped (SIGTERM) in the short form, killed (SIGKILL) in the long form.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedCluster.class)
class BrokerRestartIT {

    private final FaultPlan plan = FaultPlan.fromSystemProperties();
    private FaultCluster cluster;
    private List<Input> inputs;
    private Instant end;
    private ReplayOracle oracle;

    @BeforeAll
    void start(FaultCluster shared) throws Exception {
        cluster = shared;
        inputs = plan.inputs(cluster.work.resolve("broker-restart-input"));
        end = FaultInput.end(inputs);
        oracle = ReplayOracle.of(inputs, end, cluster.work.resolve("broker-restart"));
    }

    @Test
    void aBrokerRestartedMidStreamUnderExactlyOnceLosesAndDoublesNothing() throws Exception {
        TopicNames t = FaultCluster.topics("broker.");
        Map<String, String> settings = cluster.settings("faults-broker", t, Ports.free());
        settings.put("kafka.processing.guarantee", "exactly_once_v2");
        try (AppInstance app = AppInstance.start("faults-broker", settings, cluster.work)) {
            app.awaitReady(FaultCluster.PATIENCE);
            new FaultDrill(cluster, plan, "broker-restart", t, "faults-broker", inputs, end, oracle, () -> List.of(app))
                    .run(new FaultDrill.Fault() {
                        @Override
                        public void inject(int round) {
                            if (plan.killBroker()) {
                                cluster.broker.kill();
                            } else {
                                cluster.broker.stop();
                            }
                        }

                        @Override
                        public void heal(int round) {
                            cluster.broker.start();
                            cluster.broker.awaitReady();
                        }
                    });
        } finally {
            cluster.broker.ensureServing(); // never leave it dead for the next scenario
        }
    }
}
