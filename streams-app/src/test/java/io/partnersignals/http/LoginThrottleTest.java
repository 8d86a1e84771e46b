package io.partnersignals.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final ClockDouble clock = new ClockDouble(Instant.parse("2026-08-01T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(1), 3, clock);

    @Test
    void theFifthFailureInAWindowRefusesTheAddressForAWindow() {
        for (int i = 1; i <= 4; i++) {
            LoginThrottle.Verdict v = throttle.failed("10.0.0.1");
            assertThat(v.failures()).isEqualTo(i);
            assertThat(v.blocked()).isFalse();
            assertThat(throttle.blockedFor("10.0.0.1")).isZero();
        }
        LoginThrottle.Verdict fifth = throttle.failed("10.0.0.1");
        assertThat(fifth.blockedFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.blockedFor("10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.blockedFor("10.0.0.2")).as("other addresses are not touched").isZero();

        clock.advance(Duration.ofSeconds(59).plusMillis(500));
        assertThat(throttle.blockedFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(1)); // rounded up
        clock.advance(Duration.ofMillis(500));
        assertThat(throttle.blockedFor("10.0.0.1")).isZero();
    }

    @Test
    void failuresSpreadOverWindowsAreNotAddedUp() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.failed("10.0.0.1").failures()).isEqualTo(1);
    }

    @Test
    void eachRefusalSoonAfterTheLastDoublesTheWaitUpToSixteenWindows() {
        Duration expected = Duration.ofMinutes(1);
        for (int round = 0; round < 7; round++) {
            LoginThrottle.Verdict v = null;
            for (int i = 0; i < 5; i++) {
                v = throttle.failed("10.0.0.1");
            }
            assertThat(v.blockedFor()).as("round %d", round).isEqualTo(expected);
            clock.advance(v.blockedFor());
            expected = expected.multipliedBy(2).compareTo(Duration.ofMinutes(16)) > 0
                    ? Duration.ofMinutes(16) : expected.multipliedBy(2);
        }
        // long quiet after a block: forgiven
        clock.advance(Duration.ofMinutes(17));
        LoginThrottle.Verdict v = null;
        for (int i = 0; i < 5; i++) {
            v = throttle.failed("10.0.0.1");
        }
        assertThat(v.blockedFor()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aRightTokenStartsTheAddressAfresh() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("10.0.0.1");
        }
        throttle.succeeded("10.0.0.1");
        assertThat(throttle.failed("10.0.0.1").failures()).isEqualTo(1);
    }

    @Test
    void theTableKeepsOnlyTheAddressesSeenLast() {
        for (int i = 0; i < 1000; i++) {
            throttle.failed("10.0.1." + i);
        }
        assertThat(throttle.size()).isEqualTo(3);
    }
}
