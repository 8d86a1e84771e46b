package io.partnersignals.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.faults.FaultInput.Input;
import io.partnersignals.topology.TopicNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry hangs (SIGSTOP, longer than the transaction timeout) or dies (SIGKILL, then started
 * again on its database) while records arrive whose schema ids the application has never seen: a
 * writer-schema variant registered just before the fault. Valid records must wait for the registry,
 * not become dead letters, and be scored once when it returns; meanwhile readiness says 503.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedCluster.class)
class RegistryFaultIT {

    private final FaultPlan plan = FaultPlan.fromSystemProperties();
    private FaultCluster cluster;
    private List<Input> inputs;
    private Instant end;
    private ReplayOracle oracle;

    @BeforeAll
    void start(FaultCluster shared) throws Exception {
        cluster = shared;
        inputs = plan.inputs(cluster.work.resolve("registry-outage-input"));
        end = FaultInput.end(inputs);
        oracle = ReplayOracle.of(inputs, end, cluster.work.resolve("registry-outage"));
    }

    @Test
    void aRegistryHungLongerThanTheTransactionTimeoutLosesAndDoublesNothing() throws Exception {
        run("registry-pause", "pause.", "faults-registry-pause", true);
    }

    @Test
    void aRegistryKilledAndStartedAgainLosesAndDoublesNothing() throws Exception {
        run("registry-kill", "kill.", "faults-registry-kill", false);
    }

    private void run(String scenario, String prefix, String appId, boolean pause) throws Exception {
        TopicNames t = FaultCluster.topics(prefix);
        AtomicBoolean saidNotReady = new AtomicBoolean();
        try (AppInstance app = AppInstance.start(appId, cluster.settings(appId, t, Ports.free()), cluster.work)) {
            app.awaitReady(FaultCluster.PATIENCE);
            FaultDrill drill = new FaultDrill(cluster, plan, scenario, t, appId, inputs, end, oracle, () -> List.of(app));
            drill.run(new FaultDrill.Fault() {
                @Override
                public void inject(int round) {
                    cluster.registerVariant(t, round, inputs);
                    if (pause) {
                        cluster.registry.pause();
                    } else {
                        cluster.registry.kill();
                    }
                    drill.variant.set(round); // from now on: schema ids the application has not cached
                }

                @Override
                public void heal(int round) throws InterruptedException {
                    // the outage lasts plan.hold(); readiness is watched meanwhile
                    long until = System.nanoTime() + plan.hold().toNanos();
                    while (System.nanoTime() < until) {
                        app.assertAlive();
                        if (app.status("/health/ready") == 503) {
                            saidNotReady.set(true);
                        }
                        FaultDrill.hold(Duration.ofMillis(250));
                    }
                    if (pause) {
                        cluster.registry.resume();
                    } else {
                        cluster.registry.start();
                        cluster.registry.awaitReady();
                    }
                }
            });
        } finally {
            cluster.registry.ensureServing(); // never leave it stopped or dead for the next scenario
        }
        assertThat(saidNotReady).as("readiness answered 503 while the registry was away").isTrue();
    }
}
