package africa.easymo.perf.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * When and how long a client waits before retrying: the server's {@code Retry-After} (seconds or an HTTP date) when it
 * sent one, capped so a confused server cannot park a thread for an hour, else exponential backoff with jitter.
 * Immutable; the one retry rule of the project: every client that retries configures its own figures on it.
 */
public final class RetryPolicy {
    /** Sleeps; replaceable so tests do not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static final Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());
    private static final Supplier<RandomGenerator> THREAD_RANDOM = ThreadLocalRandom::current;

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration maxRetryAfter;
    private final Duration retryAfterJitter;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Supplier<RandomGenerator> random;

    private RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
            Duration retryAfterJitter, Sleeper sleeper, Clock clock, Supplier<RandomGenerator> random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.maxRetryAfter = maxRetryAfter;
        this.retryAfterJitter = retryAfterJitter;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
    }

    /**
     * 6 attempts, 200 ms doubling to at most 10 s, Retry-After honoured up to 60 s plus up to 200 ms of jitter.
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofMillis(200), THREAD_SLEEP, Clock.systemUTC(), THREAD_RANDOM);
    }

    /** Never retries. */
    public static RetryPolicy none() {
        return defaults().withMaxAttempts(1);
    }

    public RetryPolicy withMaxAttempts(int n) {
        return new RetryPolicy(n, baseDelay, maxDelay, maxRetryAfter, retryAfterJitter, sleeper, clock, random);
    }

    /**
     * The backoff used when the server sent no usable Retry-After: {@code base} doubling per attempt up to {@code max}.
     */
    public RetryPolicy withBackoff(Duration base, Duration max) {
        return new RetryPolicy(maxAttempts, base, max, maxRetryAfter, retryAfterJitter, sleeper, clock, random);
    }

    public RetryPolicy withMaxRetryAfter(Duration d) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, d, retryAfterJitter, sleeper, clock, random);
    }

    /**
     * The most added at random to a server's Retry-After, so a crowd of clients told the same value do not return in
     * lockstep; zero to wait exactly what the server said.
     */
    public RetryPolicy withRetryAfterJitter(Duration d) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter, d, sleeper, clock, random);
    }

    public RetryPolicy withSleeper(Sleeper s) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter, retryAfterJitter, s, clock, random);
    }

    /** The clock an HTTP-date Retry-After is measured against. */
    public RetryPolicy withClock(Clock c) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter, retryAfterJitter, sleeper, c, random);
    }

    /** Where the jitter comes from; replaceable so tests can seed it. */
    public RetryPolicy withRandom(Supplier<RandomGenerator> r) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter, retryAfterJitter, sleeper, clock, r);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration baseDelay() {
        return baseDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    public Duration retryAfterJitter() {
        return retryAfterJitter;
    }

    /**
     * The statuses a gateway in front of a database API answers for transient trouble (rate limits, overload,
     * Cloudflare 52x).
     */
    public static boolean isRetryableStatus(int status) {
        return status == 429 || status == 503 || status == 504 || (status >= 520 && status <= 524);
    }

    /**
     * @param attempt
     *            the attempt that just failed, from 1
     * @param retryAfterHeader
     *            the server's {@code Retry-After} header value (seconds or an HTTP date), or null
     */
    public Duration delay(int attempt, String retryAfterHeader) {
        return delay(attempt, parseRetryAfter(retryAfterHeader, clock.instant()));
    }

    /**
     * @param attempt
     *            the attempt that just failed, from 1
     * @param retryAfter
     *            the server's Retry-After, or null
     */
    public Duration delay(int attempt, Duration retryAfter) {
        RandomGenerator r = random.get();
        if (retryAfter != null && !retryAfter.isNegative()) {
            Duration capped = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
            long jitter = retryAfterJitter.toMillis();
            return jitter <= 0 ? capped : capped.plusMillis(r.nextLong(jitter + 1));
        }
        long exp = baseDelay.toMillis() << Math.min(20, Math.max(0, attempt - 1));
        long ceiling = Math.min(maxDelay.toMillis(), exp);
        // "Equal jitter": at least half the backoff, so retries still spread out but never hammer.
        long half = ceiling / 2;
        return Duration.ofMillis(half + r.nextLong(ceiling - half + 1));
    }

    /**
     * A {@code Retry-After} value as a wait from {@code now}: seconds, or an HTTP date (a date in the past is no wait).
     *
     * @return null when absent or unreadable (a negative number included), so the backoff applies
     */
    public static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long s = Long.parseLong(v);
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT))
                        .toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /**
     * The {@code Retry-After} value in a header block of one {@code Name: value} a line (as JMeter keeps it), or null.
     */
    public static String retryAfterHeader(String headerBlock) {
        if (headerBlock == null) {
            return null;
        }
        for (String line : headerBlock.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Retry-After")) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    public void sleep(Duration d) throws InterruptedException {
        sleeper.sleep(d);
    }
}
