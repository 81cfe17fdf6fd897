package dev.tern.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {
    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 6,
            Duration.ofMinutes(10), 3, clock);

    @Test
    void delaysDoubleAfterTheFreeFailuresThenTheAddressIsBlocked() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertThat(limiter.recordFailure(a)).isEqualTo(Duration.ZERO);
        assertThat(limiter.recordFailure(a)).isEqualTo(Duration.ZERO);
        assertThat(limiter.recordFailure(a)).isEqualTo(Duration.ZERO);
        assertThat(limiter.blocked(a)).isFalse();
        assertThat(limiter.recordFailure(a)).isEqualTo(Duration.ofSeconds(1));
        assertThat(limiter.recordFailure(a)).isEqualTo(Duration.ofSeconds(2));
        assertThat(limiter.blocked(a)).isFalse();
        assertThat(limiter.recordFailure(a)).isEqualTo(Duration.ofSeconds(4));
        assertThat(limiter.blocked(a)).isTrue();
        assertThat(limiter.blocked(InetAddress.getByName("192.0.2.2"))).isFalse();
    }

    @Test
    void failuresAgeOutOfTheWindow() throws Exception {
        InetAddress a = InetAddress.getByName("2001:db8::1");
        for (int i = 0; i < 6; i++) {
            limiter.recordFailure(a);
            clock.now = clock.now.plusSeconds(60);
        }
        assertThat(limiter.blocked(a)).isTrue();
        clock.now = clock.now.plusSeconds(4 * 60 + 1);
        // the first failure (at 0 min) is now older than 10 minutes
        assertThat(limiter.failures(a)).isEqualTo(5);
        assertThat(limiter.blocked(a)).isFalse();
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(limiter.failures(a)).isZero();
        assertThat(limiter.blocked(a)).isFalse();
    }

    @Test
    void delayIsCapped() {
        assertThat(limiter.delayFor(100)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecent() throws Exception {
        for (int i = 1; i <= 10; i++) {
            limiter.recordFailure(InetAddress.getByName("198.51.100." + i));
        }
        assertThat(limiter.trackedAddresses()).isEqualTo(3);
        assertThat(limiter.failures(InetAddress.getByName("198.51.100.10"))).isEqualTo(1);
        assertThat(limiter.failures(InetAddress.getByName("198.51.100.1"))).isZero();
    }
}
