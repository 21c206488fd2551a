package africa.easymo.perf.sandbox.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SlidingWindowLimiter limiter = new SlidingWindowLimiter(600, 60, TimeUnit.SECONDS, now::get);

    private void advanceSeconds(long s) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    @Test
    void grantsUpToTheLimitThenSaysWhenTheOldestGrantLeaves() {
        assertThat(limiter.tryAcquire(100).granted()).isTrue();
        advanceSeconds(10);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire(100).granted()).isTrue();
        }
        SlidingWindowLimiter.Decision refused = limiter.tryAcquire(100);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(50);
        advanceSeconds(50);
        assertThat(limiter.tryAcquire(100).granted()).isTrue();
        assertThat(limiter.inWindow()).isEqualTo(600);
    }

    @Test
    void waitCoversAsManyOldGrantsAsNeeded() {
        limiter.tryAcquire(100);
        advanceSeconds(5);
        limiter.tryAcquire(100);
        advanceSeconds(5);
        limiter.tryAcquire(400);
        SlidingWindowLimiter.Decision refused = limiter.tryAcquire(200);
        // 200 must leave: the grants of t=0 and t=5 s, so wait until t=65 s, 55 s from now.
        assertThat(refused.retryAfterSeconds()).isEqualTo(55);
    }

    @Test
    void releasedGrantFreesItsUnits() {
        SlidingWindowLimiter.Decision d = limiter.tryAcquire(600);
        assertThat(limiter.tryAcquire(1).granted()).isFalse();
        limiter.release(d.grant());
        assertThat(limiter.tryAcquire(600).granted()).isTrue();
    }

    @Test
    void anOversizedRequestPassesOnlyIntoAnEmptyWindow() {
        limiter.tryAcquire(1);
        assertThat(limiter.tryAcquire(1000).granted()).isFalse();
        advanceSeconds(60);
        assertThat(limiter.tryAcquire(1000).granted()).isTrue();
    }
}
