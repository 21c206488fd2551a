package africa.easymo.perf.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");

    /** The campaign journey's figures: exact Retry-After up to 120 s, else 500 ms doubling to 15 s. */
    private static RetryPolicy campaign(Random r) {
        return RetryPolicy.defaults().withBackoff(Duration.ofMillis(500), Duration.ofSeconds(15))
                .withMaxRetryAfter(Duration.ofSeconds(120)).withRetryAfterJitter(Duration.ZERO)
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withRandom(() -> r);
    }

    @Test
    void serverRetryAfterWinsInSecondsOrAsADate() {
        assertThat(campaign(new Random(1)).delay(1, "3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(campaign(new Random(1)).delay(1, "Sat, 10 Jan 2026 10:00:07 GMT")).isEqualTo(Duration.ofSeconds(7));
        assertThat(campaign(new Random(1)).delay(1, "100000")).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void withoutRetryAfterBackoffGrowsWithJitterUpToTheCap() {
        Random r = new Random(42);
        RetryPolicy p = campaign(r);
        for (int attempt = 1; attempt <= 12; attempt++) {
            long cap = Math.min(15_000, 500L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                long ms = p.delay(attempt, (String) null).toMillis();
                assertThat(ms).isBetween(cap / 2, cap);
            }
        }
        assertThat(p.delay(1, "soon").toMillis()).isBetween(250L, 500L);
    }

    @Test
    void retryAfterIsFoundInJMetersHeaderBlock() {
        assertThat(RetryPolicy.retryAfterHeader(
                "HTTP/1.1 429 Too Many Requests\nContent-Type: application/json\n" + "retry-after: 2\n"))
                        .isEqualTo("2");
        assertThat(RetryPolicy.retryAfterHeader("HTTP/1.1 503\n")).isNull();
    }

    @Test
    void aDateInThePastIsNoWaitAndANegativeNumberIsIgnored() {
        assertThat(RetryPolicy.parseRetryAfter("Sat, 10 Jan 2026 09:59:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("-5", NOW)).isNull();
        assertThat(RetryPolicy.parseRetryAfter("  ", NOW)).isNull();
    }

    @Test
    void defaultsHonourRetryAfterUpToAMinuteWithALittleJitter() {
        RetryPolicy p = RetryPolicy.defaults().withRandom(() -> new Random(7));
        for (int i = 0; i < 50; i++) {
            assertThat(p.delay(1, Duration.ofSeconds(7)).toMillis()).isBetween(7_000L, 7_200L);
            assertThat(p.delay(1, Duration.ofMinutes(5)).toMillis()).isBetween(60_000L, 60_200L);
        }
    }

    @Test
    void defaultsBackOffFrom200MillisToAtMost10Seconds() {
        Random r = new Random(3);
        RetryPolicy p = RetryPolicy.defaults().withRandom(() -> r);
        assertThat(p.maxAttempts()).isEqualTo(6);
        for (int attempt = 1; attempt <= 10; attempt++) {
            long cap = Math.min(10_000, 200L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                assertThat(p.delay(attempt, (Duration) null).toMillis()).isBetween(cap / 2, cap);
            }
        }
    }
}
