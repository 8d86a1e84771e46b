package io.partnersignals.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.faults.FaultInput.Input;
import io.partnersignals.faults.ReplayOracle.Verdict;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.topology.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One scenario of the fault suite: the inputs go out in rounds, a fault strikes in the middle of
 * each round while records flow, and after it ends the clock runs until the application has caught
 * up with everything sent (the time to recover). At the end the clock ticks move every task to the
 * same instant, and the outputs are held to the replay of the same input. Prints one line per
 * round and one for the run, and appends them to {@value #FIGURES}.
 */
final class FaultDrill {

    static final String FIGURES = "target/fault-figures.txt";

    /** A fault, struck once per round. */
    interface Fault {
        /** Strikes (round counts from 1). */
        void inject(int round) throws Exception;

        /** Ends the fault; returns when the failed part serves again: the time to recover starts then. */
        void heal(int round) throws Exception;

        /** After the recovery was measured, untimed: puts things back for the next round. */
        default void restore(int round) throws Exception {
        }
    }

    /** What a run measured. */
    record Result(List<Double> recoveredSeconds, double completeSeconds, Verdict verdict) {}

    private final FaultCluster cluster;
    private final FaultPlan plan;
    private final String scenario;
    private final TopicNames topics;
    private final String appId;
    private final List<Input> inputs;
    private final Instant end;
    private final ReplayOracle oracle;
    private final Supplier<List<AppInstance>> running;
    /** The schema variant records are written with from now on (0: the classes' own schemas). */
    final AtomicInteger variant = new AtomicInteger();

    FaultDrill(FaultCluster cluster, FaultPlan plan, String scenario, TopicNames topics, String appId,
               List<Input> inputs, Instant end, ReplayOracle oracle, Supplier<List<AppInstance>> running) {
        this.cluster = cluster;
        this.plan = plan;
        this.scenario = scenario;
        this.topics = topics;
        this.appId = appId;
        this.inputs = inputs;
        this.end = end;
        this.oracle = oracle;
        this.running = running;
    }

    Result run(Fault fault) throws Exception {
        List<Double> recovered = new ArrayList<>();
        int rounds = plan.rounds();
        long healed = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            List<Input> chunk = inputs.subList(inputs.size() * (round - 1) / rounds, inputs.size() * round / rounds);
            try (Sender sender = new Sender(cluster, topics, chunk, chunk.size() / 2, plan.pace(), variant::get)) {
                sender.awaitStrikePoint(FaultCluster.PATIENCE);
                fault.inject(round);
                sender.strike(); // the rest flows during the fault
                fault.heal(round);
                healed = System.nanoTime();
                sender.unpace();
                sender.join(FaultCluster.PATIENCE);
            }
            awaitCaughtUp("round " + round);
            double seconds = (System.nanoTime() - healed) / 1e9;
            recovered.add(seconds);
            figure(String.format(Locale.ROOT, "fault: %s round=%d recovered_s=%.1f records=%d", scenario, round,
                    seconds, inputs.size() * round / rounds));
            if (round < rounds) {
                fault.restore(round);
            }
        }
        cluster.sendAll(topics, FaultInput.ticks(end, FaultCluster.PARTITIONS));
        awaitCaughtUp("the clock ticks");
        AvroWireSerde<PartnerRisk> risks = AvroWireSerde.forValue(cluster.registryClient, PartnerRisk.class);
        boolean reached;
        try {
            FaultCluster.await("the scores of replay", FaultCluster.PATIENCE, () -> {
                running.get().forEach(AppInstance::assertAlive);
                return oracle.complete(cluster.readAll(topics.partnerRisk(), risks.deserializer()));
            });
            reached = true;
        } catch (AssertionError timedOut) {
            reached = false; // the verdict below says what is missing
        }
        double complete = reached ? (System.nanoTime() - healed) / 1e9 : Double.NaN;
        Verdict verdict = oracle.judge(cluster.readAll(topics.partnerRisk(), risks.deserializer()),
                cluster.readAll(topics.history(),
                        AvroWireSerde.forValue(cluster.registryClient, RiskSnapshot.class).deserializer()),
                cluster.readAll(topics.alerts(), AvroWireSerde.forValue(cluster.registryClient, RiskAlert.class).deserializer()),
                deadLetters().size());
        long extraInputs = inputRecords() - inputs.size() - FaultCluster.PARTITIONS;
        figure(String.format(Locale.ROOT, "fault: %s rounds=%d records=%d partners=%d recovered_s=%.1f complete_s=%.1f"
                        + " lost=%d doubled=%d dead_letters=%d input_extra=%d (%s)", scenario, rounds, inputs.size(),
                oracle.finalEssences.size(), recovered.stream().mapToDouble(Double::doubleValue).max().orElse(0), complete,
                verdict.lost(), verdict.doubled(), verdict.deadLetters(), extraInputs, plan));
        // the oracle replays what was sent: it holds only if the broker holds exactly that
        assertThat(extraInputs).as("%s: input records the broker holds beyond those sent (the sender's idempotent"
                + " producer wrote them twice across the fault)", scenario).isZero();
        assertThat(verdict.holds()).as("%s: %s", scenario, verdict.problems()).isTrue();
        return new Result(recovered, complete, verdict);
    }

    private void awaitCaughtUp(String what) {
        FaultCluster.await(appId + " to catch up after " + what, FaultCluster.PATIENCE, () -> {
            running.get().forEach(AppInstance::assertAlive);
            return cluster.caughtUp(appId, topics);
        });
    }

    /** Records on the input topics (written without transactions: the end offsets count them). */
    private long inputRecords() {
        long n = 0;
        for (String topic : List.of(topics.partners(), topics.competitors(), topics.crmActivity(), topics.webCrawl(),
                topics.pricingEvents())) {
            n += cluster.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
        }
        return n;
    }

    /** Every dead letter so far (none when the topic is not there). */
    List<ConsumerRecord<String, byte[]>> deadLetters() {
        try {
            return cluster.readAll(topics.deadLetters(), new ByteArrayDeserializer());
        } catch (IllegalStateException e) {
            return List.of(); // no such topic
        }
    }

    /** Prints a figure and keeps it in {@value #FIGURES}. */
    static void figure(String line) {
        System.out.println(line);
        try {
            Path file = Path.of(FIGURES);
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the line is printed anyway
        }
    }

    /** Waits {@code d}: how long a fault lasts, not a wait for something to happen. */
    static void hold(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
