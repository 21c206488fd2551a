package africa.easymo.perf.journeys.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RetryDelayTest {
    private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");

    @Test
    void serverRetryAfterWinsInSecondsOrAsADate() {
        assertThat(RetryDelay.of("3", 1, NOW, new Random(1))).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryDelay.of("Sat, 10 Jan 2026 10:00:07 GMT", 1, NOW, new Random(1)))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryDelay.of("100000", 1, NOW, new Random(1))).isEqualTo(RetryDelay.MAX_RETRY_AFTER);
    }

    @Test
    void withoutRetryAfterBackoffGrowsWithJitterUpToTheCap() {
        Random r = new Random(42);
        for (int attempt = 1; attempt <= 12; attempt++) {
            long cap = Math.min(15_000, 500L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                long ms = RetryDelay.of(null, attempt, NOW, r).toMillis();
                assertThat(ms).isBetween(cap / 2, cap);
            }
        }
        assertThat(RetryDelay.of("soon", 1, NOW, r).toMillis()).isBetween(250L, 500L);
    }

    @Test
    void retryAfterIsFoundInJMetersHeaderBlock() {
        assertThat(RetryDelay
                .headerValue("HTTP/1.1 429 Too Many Requests\nContent-Type: application/json\n" + "retry-after: 2\n"))
                        .isEqualTo("2");
        assertThat(RetryDelay.headerValue("HTTP/1.1 503\n")).isNull();
    }
}
