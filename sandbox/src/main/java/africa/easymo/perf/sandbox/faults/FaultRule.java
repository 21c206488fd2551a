package africa.easymo.perf.sandbox.faults;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One injected fault for requests whose path starts with a prefix (and optionally a method).
 *
 * <p>
 * For each matching request, in this order: the delay is applied; a {@code dropShare} of requests have their connection
 * closed without an answer; then, once more than {@code afterRequests} matching requests were seen, a {@code share} of
 * them are answered with {@code status} (at most {@code maxFailures} times, 0 = no limit). A rule without a status
 * never fails requests (delay or drop only).
 */
public final class FaultRule {
    private final String id;
    private final String pathPrefix;
    private final String method;
    private final long afterRequests;
    private final int status;
    private final double share;
    private final double dropShare;
    private final long delayMillis;
    private final long maxFailures;
    private final int retryAfterSeconds;

    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();

    private FaultRule(Builder b, String id) {
        this.id = id;
        this.pathPrefix = b.pathPrefix;
        this.method = b.method;
        this.afterRequests = b.afterRequests;
        this.status = b.status;
        this.share = b.share;
        this.dropShare = b.dropShare;
        this.delayMillis = b.delayMillis;
        this.maxFailures = b.maxFailures;
        this.retryAfterSeconds = b.retryAfterSeconds;
    }

    /** Starts a rule for every request whose path starts with {@code pathPrefix} ("/" = all). */
    public static Builder forPath(String pathPrefix) {
        return new Builder(pathPrefix);
    }

    /** Let {@code n} matching requests through, then answer every later one with {@code status}. */
    public static FaultRule failAfter(String pathPrefix, long n, int status) {
        return forPath(pathPrefix).afterRequests(n).status(status).build();
    }

    /** Answer a share (0..1) of matching requests with {@code status}. */
    public static FaultRule failShare(String pathPrefix, double share, int status) {
        return forPath(pathPrefix).status(status).share(share).build();
    }

    /** Delay every matching request. */
    public static FaultRule delay(String pathPrefix, Duration delay) {
        return forPath(pathPrefix).delay(delay).build();
    }

    /** Close the connection without an answer for a share (0..1) of matching requests. */
    public static FaultRule dropShare(String pathPrefix, double share) {
        return forPath(pathPrefix).dropShare(share).build();
    }

    /** What to do with one request; also counts it. */
    public Action decide(String path, String requestMethod) {
        if (!matches(path, requestMethod)) {
            return Action.NONE;
        }
        long n = seen.incrementAndGet();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean drop = dropShare > 0 && random.nextDouble() < dropShare;
        if (drop) {
            drops.incrementAndGet();
            return new Action(delayMillis, true, 0, -1);
        }
        if (status != 0 && n > afterRequests && (share >= 1.0 || random.nextDouble() < share) && takeFailure()) {
            return new Action(delayMillis, false, status, retryAfterSeconds);
        }
        return delayMillis > 0 ? new Action(delayMillis, false, 0, -1) : Action.NONE;
    }

    private boolean takeFailure() {
        if (maxFailures <= 0) {
            failures.incrementAndGet();
            return true;
        }
        while (true) {
            long f = failures.get();
            if (f >= maxFailures) {
                return false;
            }
            if (failures.compareAndSet(f, f + 1)) {
                return true;
            }
        }
    }

    public boolean matches(String path, String requestMethod) {
        return path.startsWith(pathPrefix) && (method == null || method.equalsIgnoreCase(requestMethod));
    }

    public String id() {
        return id;
    }

    public String pathPrefix() {
        return pathPrefix;
    }

    /** Method the rule is limited to, or {@code null} for all. */
    public String method() {
        return method;
    }

    public long afterRequests() {
        return afterRequests;
    }

    public int status() {
        return status;
    }

    public double share() {
        return share;
    }

    public double dropShare() {
        return dropShare;
    }

    public long delayMillis() {
        return delayMillis;
    }

    public long maxFailures() {
        return maxFailures;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Matching requests seen so far. */
    public long seen() {
        return seen.get();
    }

    /** Requests this rule answered with its status. */
    public long failures() {
        return failures.get();
    }

    /** Connections this rule dropped. */
    public long drops() {
        return drops.get();
    }

    @Override
    public String toString() {
        return "FaultRule[" + id + " " + (method == null ? "" : method + " ") + pathPrefix + " after=" + afterRequests
                + " status=" + status + " share=" + share + " drop=" + dropShare + " delayMs=" + delayMillis
                + " maxFailures=" + maxFailures + "]";
    }

    /** What the front handler does with one request. */
    public record Action(long delayMillis, boolean drop, int status, int retryAfterSeconds) {

        public static final Action NONE = new Action(0, false, 0, -1);

        public boolean fails() {
            return status != 0;
        }
    }

    /** Builder for {@link FaultRule}. */
    public static final class Builder {
        private static final AtomicLong IDS = new AtomicLong();
        private final String pathPrefix;
        private String method;
        private long afterRequests;
        private int status;
        private double share = 1.0;
        private double dropShare;
        private long delayMillis;
        private long maxFailures;
        private int retryAfterSeconds = -1;

        private Builder(String pathPrefix) {
            Objects.requireNonNull(pathPrefix, "pathPrefix");
            this.pathPrefix = pathPrefix.startsWith("/") ? pathPrefix : "/" + pathPrefix;
        }

        public Builder method(String method) {
            this.method = method == null || method.isBlank() ? null : method.trim().toUpperCase(Locale.ROOT);
            return this;
        }

        public Builder afterRequests(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("afterRequests must be >= 0, was " + n);
            }
            this.afterRequests = n;
            return this;
        }

        public Builder status(int status) {
            if (status != 0 && (status < 100 || status > 599)) {
                throw new IllegalArgumentException("status must be an HTTP status 100..599, was " + status);
            }
            this.status = status;
            return this;
        }

        public Builder share(double share) {
            this.share = checkShare(share, "share");
            return this;
        }

        public Builder dropShare(double share) {
            this.dropShare = checkShare(share, "dropShare");
            return this;
        }

        public Builder delay(Duration delay) {
            return delayMillis(delay.toMillis());
        }

        public Builder delayMillis(long millis) {
            if (millis < 0 || millis > 600_000) {
                throw new IllegalArgumentException("delayMillis must be 0..600000, was " + millis);
            }
            this.delayMillis = millis;
            return this;
        }

        public Builder maxFailures(long max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxFailures must be >= 0, was " + max);
            }
            this.maxFailures = max;
            return this;
        }

        /** Adds {@code Retry-After: seconds} to failed answers (e.g. with 429 or 503). */
        public Builder retryAfterSeconds(int seconds) {
            this.retryAfterSeconds = seconds;
            return this;
        }

        public FaultRule build() {
            if (status == 0 && dropShare == 0 && delayMillis == 0) {
                throw new IllegalArgumentException("a fault rule needs a status, a dropShare or a delay");
            }
            return new FaultRule(this, "f" + IDS.incrementAndGet());
        }

        private static double checkShare(double share, String name) {
            if (!(share >= 0.0 && share <= 1.0)) {
                throw new IllegalArgumentException(name + " must be 0..1, was " + share);
            }
            return share;
        }
    }
}
