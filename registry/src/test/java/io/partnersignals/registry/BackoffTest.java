package io.partnersignals.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheFirstPauseUpToTheLongest() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2));

        assertThat(b.pause(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.pause(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.pause(4)).isEqualTo(Duration.ofMillis(1600));
        assertThat(b.pause(5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.pause(1_000_000)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesPausesThatMakeNoSense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longest pause");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).pause(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
