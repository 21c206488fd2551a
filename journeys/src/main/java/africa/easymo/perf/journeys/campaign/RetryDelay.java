package africa.easymo.perf.journeys.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How long to wait before sending a batch again: the server's {@code Retry-After} (seconds or an HTTP date) when it
 * gave one, else exponential backoff with jitter. Capped, so a confused server cannot park a thread for an hour.
 */
public final class RetryDelay {
    static final Duration BASE = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(120);

    private RetryDelay() {
    }

    /**
     * @param retryAfter
     *            the header's value, or null
     * @param attempt
     *            the attempt that just failed (1 = first)
     */
    public static Duration of(String retryAfter, int attempt, Instant now, RandomGenerator random) {
        Duration server = parseRetryAfter(retryAfter, now);
        if (server != null) {
            return server.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : server;
        }
        long cap = Math.min(MAX_BACKOFF.toMillis(), BASE.toMillis() << Math.min(20, Math.max(0, attempt - 1)));
        // Half fixed, half random: retries of many threads spread out but none comes back at once.
        return Duration.ofMillis(cap / 2 + random.nextLong(cap / 2 + 1));
    }

    static Duration parseRetryAfter(String value, Instant now) {
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

    /** The {@code Retry-After} value in a header block as JMeter stores it (one header a line), or null. */
    public static String headerValue(String headers) {
        if (headers == null) {
            return null;
        }
        for (String line : headers.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Retry-After")) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
