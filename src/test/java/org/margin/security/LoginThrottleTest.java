package org.margin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    @Test
    void blocksAUsernameAndAnAddressOnlyAfterTheirLimits() {
        LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.blockedUser("ann")).isFalse();
            throttle.failed("ann", "10.0.0.1");
        }
        assertThat(throttle.blockedUser("ann")).isTrue();
        assertThat(throttle.blockedUser("bob")).isFalse();
        assertThat(throttle.blockedAddress("10.0.0.1")).isFalse();
        throttle.failed("bob", "10.0.0.1");
        throttle.failed("cat", "10.0.0.1");
        assertThat(throttle.blockedAddress("10.0.0.1")).isTrue();
        assertThat(throttle.blockedAddress("10.0.0.2")).isFalse();
    }

    @Test
    void forgetsFailuresOnceTheWindowHasPassed() {
        LoginThrottle throttle = new LoginThrottle(1, 1, Duration.ZERO);
        throttle.failed("ann", "10.0.0.1");
        assertThat(throttle.blockedUser("ann")).isFalse();
    }
}
