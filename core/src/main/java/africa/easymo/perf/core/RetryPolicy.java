package africa.easymo.perf.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long {@link SupabaseClient} waits before retrying: exponential backoff with jitter, or the server's
 * {@code Retry-After} when it sent one (capped). Immutable.
 */
public final class RetryPolicy {
    /** Sleeps; replaceable so tests do not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static final Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration maxRetryAfter;
    private final Sleeper sleeper;

    private RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
            Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.maxRetryAfter = maxRetryAfter;
        this.sleeper = sleeper;
    }

    /** 6 attempts, 200 ms doubling to at most 10 s, Retry-After honoured up to 60 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(60), THREAD_SLEEP);
    }

    /** Never retries. */
    public static RetryPolicy none() {
        return defaults().withMaxAttempts(1);
    }

    public RetryPolicy withMaxAttempts(int n) {
        return new RetryPolicy(n, baseDelay, maxDelay, maxRetryAfter, sleeper);
    }

    public RetryPolicy withDelays(Duration base, Duration max) {
        return new RetryPolicy(maxAttempts, base, max, maxRetryAfter, sleeper);
    }

    public RetryPolicy withMaxRetryAfter(Duration d) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, d, sleeper);
    }

    public RetryPolicy withSleeper(Sleeper s) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter, s);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The statuses Supabase documents as transient. */
    public static boolean isRetryableStatus(int status) {
        return status == 429 || status == 503 || status == 504 || (status >= 520 && status <= 524);
    }

    /**
     * @param attempt
     *            the attempt that just failed, from 1
     * @param retryAfter
     *            the server's Retry-After, or null
     */
    public Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            Duration capped = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
            // A little jitter on top so a crowd of clients told the same Retry-After do not return in lockstep.
            long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, Math.min(250, baseDelay.toMillis())) + 1);
            return capped.plusMillis(jitter);
        }
        long exp = baseDelay.toMillis() << Math.min(20, attempt - 1);
        long ceiling = Math.min(maxDelay.toMillis(), exp);
        // "Equal jitter": at least half the backoff, so retries still spread out but never hammer.
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    public void sleep(Duration d) throws InterruptedException {
        sleeper.sleep(d);
    }
}
