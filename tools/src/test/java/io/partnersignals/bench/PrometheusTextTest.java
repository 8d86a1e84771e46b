package io.partnersignals.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String TEXT = """
            # HELP kafka_consumer_fetch_manager_records_lag The latest lag of the partition.
            # TYPE kafka_consumer_fetch_manager_records_lag gauge
            kafka_consumer_fetch_manager_records_lag{client_id="app-1-restore-consumer",kafka_version="4.3.1",partition="0",topic="app-state-changelog"} 12.0
            kafka_consumer_fetch_manager_records_lag{client_id="app-1-restore-consumer",kafka_version="4.3.1",partition="1",topic="app-state-changelog"} NaN
            kafka_consumer_fetch_manager_records_lag{client_id="app-1-consumer",kafka_version="4.3.1",partition="0",topic="crm.activity"} 3.0
            partner_signals_dead_letters_total{source="a \\"quoted\\", odd\\\\name"} 4.0 1700000000000

            process_uptime_seconds 1.5E3
            jvm_limit +Inf
            """;

    @Test
    void readsNamesLabelsAndValues() {
        PrometheusText m = PrometheusText.parse(TEXT);

        assertThat(m.samples()).hasSize(6);
        PrometheusText.Sample first = m.samples().get(0);
        assertThat(first.name()).isEqualTo("kafka_consumer_fetch_manager_records_lag");
        assertThat(first.labels()).containsExactly(Map.entry("client_id", "app-1-restore-consumer"),
                Map.entry("kafka_version", "4.3.1"), Map.entry("partition", "0"), Map.entry("topic", "app-state-changelog"));
        assertThat(first.value()).isEqualTo(12.0);
        assertThat(m.samples().get(1).value()).isNaN();
        assertThat(m.samples().get(3).label("source")).isEqualTo("a \"quoted\", odd\\name");
        assertThat(m.samples().get(3).value()).isEqualTo(4.0); // the timestamp is not the value
        assertThat(m.samples().get(4).labels()).isEmpty();
        assertThat(m.samples().get(4).value()).isEqualTo(1500.0);
        assertThat(m.samples().get(5).value()).isInfinite();
    }

    @Test
    void selectsAndSums() {
        PrometheusText m = PrometheusText.parse(TEXT);
        assertThat(m.samples("kafka_consumer_fetch_manager_records_lag",
                s -> s.label("client_id").endsWith("-restore-consumer"))).hasSize(2);
        assertThat(m.sum("kafka_consumer_fetch_manager_records_lag", s -> s.label("topic").equals("crm.activity")))
                .isEqualTo(3.0);
        assertThat(m.sum("no_such_metric", s -> true)).isZero();
        assertThat(m.samples().get(0).label("absent")).isEmpty();
    }

    @Test
    void refusesWhatIsNotASample() {
        assertThatThrownBy(() -> PrometheusText.parse("name{a=\"x\" 1\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusText.parse("name abc\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusText.parse("lonely\n")).isInstanceOf(IllegalArgumentException.class);
    }
}
