package io.partnersignals.http;

import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the probes are told. Liveness fails only when a restart of the process is the cure (Kafka
 * Streams in ERROR, a dead global thread, thread replacement repeating); readiness fails while this
 * instance cannot serve or make progress, with the reasons.
 */
public interface Health {

    /** A probe's answer: {@code state} is Kafka Streams' state; {@code problems} say what is wrong, empty when ok. */
    record Check(boolean ok, String state, List<String> problems) {
        public Check {
            problems = List.copyOf(problems);
        }
    }

    Check liveness();

    Check readiness();

    /** Live while the process runs; ready while Kafka Streams is RUNNING: enough where nothing else is watched. */
    static Health following(Supplier<KafkaStreams.State> state) {
        return new Health() {
            @Override
            public Check liveness() {
                KafkaStreams.State s = state.get();
                return s == KafkaStreams.State.ERROR
                        ? new Check(false, s.name(), List.of("Kafka Streams is in ERROR"))
                        : new Check(true, s.name(), List.of());
            }

            @Override
            public Check readiness() {
                KafkaStreams.State s = state.get();
                return s == KafkaStreams.State.RUNNING
                        ? new Check(true, s.name(), List.of())
                        : new Check(false, s.name(), List.of("Kafka Streams is " + s.name()));
            }
        };
    }
}
