package io.partnersignals.faults;

import io.partnersignals.faults.FaultInput.Input;
import io.partnersignals.topology.TopicNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances share the partitions; one of them is killed with SIGKILL mid-stream and the
 * survivor takes its tasks over. The time to recover runs from the kill. In the long form the killed
 * instance is started again on its state directory after each round, and the next round kills the
 * other one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedCluster.class)
class InstanceKillIT {

    private static final String APP_ID = "faults-pair";

    private final FaultPlan plan = FaultPlan.fromSystemProperties();
    private FaultCluster cluster;
    private List<Input> inputs;
    private Instant end;
    private ReplayOracle oracle;

    @BeforeAll
    void start(FaultCluster shared) throws Exception {
        cluster = shared;
        inputs = plan.inputs(cluster.work.resolve("instance-kill-input"));
        end = FaultInput.end(inputs);
        oracle = ReplayOracle.of(inputs, end, cluster.work.resolve("instance-kill"));
    }

    @Test
    void oneOfTwoInstancesKilledHardMidStreamLosesAndDoublesNothing() throws Exception {
        TopicNames t = FaultCluster.topics("pair.");
        List<Map<String, String>> settings = new ArrayList<>();
        AppInstance[] instances = new AppInstance[2];
        boolean[] alive = {true, true};
        try {
            for (int i = 0; i < 2; i++) {
                Map<String, String> s = cluster.settings(APP_ID, t, Ports.free());
                s.put("kafka.num.standby.replicas", "1");
                settings.add(s);
                instances[i] = AppInstance.start("instance-" + (char) ('a' + i), s, cluster.work);
            }
            for (AppInstance instance : instances) {
                instance.awaitReady(FaultCluster.PATIENCE);
            }
            new FaultDrill(cluster, plan, "instance-kill", t, APP_ID, inputs, end, oracle, () -> {
                List<AppInstance> running = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    if (alive[i]) {
                        running.add(instances[i]);
                    }
                }
                return running;
            }).run(new FaultDrill.Fault() {
                @Override
                public void inject(int round) {
                    int victim = (round - 1) % 2;
                    alive[victim] = false;
                    instances[victim].kill();
                }

                @Override
                public void heal(int round) {
                    // nothing to heal: the survivor's recovery runs from the kill
                }

                @Override
                public void restore(int round) {
                    int victim = (round - 1) % 2;
                    instances[victim].close();
                    instances[victim] = AppInstance.start("instance-" + (char) ('a' + victim) + "-" + (round + 1),
                            settings.get(victim), cluster.work);
                    instances[victim].awaitReady(FaultCluster.PATIENCE);
                    alive[victim] = true;
                }
            });
        } finally {
            for (AppInstance instance : instances) {
                if (instance != null) {
                    instance.close();
                }
            }
        }
    }
}
