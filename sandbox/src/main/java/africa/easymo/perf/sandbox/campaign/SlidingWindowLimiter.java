package africa.easymo.perf.sandbox.campaign;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} units (targets, messages) over any sliding window. A grant can be given back (a batch that
 * turned out to be a replay sends nothing). A single request larger than the limit is let through only into an empty
 * window, so it is slow but never refused forever.
 */
final class SlidingWindowLimiter {
    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final ArrayDeque<Grant> grants = new ArrayDeque<>();
    private long inWindow;

    SlidingWindowLimiter(int limit, long window, TimeUnit unit, LongSupplier nanoTime) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        this.limit = limit;
        this.windowNanos = unit.toNanos(window);
        this.nanoTime = nanoTime;
    }

    /** A grant for {@code units}, or a refusal saying how long until they would fit. */
    synchronized Decision tryAcquire(int units) {
        long now = nanoTime.getAsLong();
        expire(now);
        if (inWindow + units <= limit || inWindow == 0) {
            Grant g = new Grant(now, units);
            grants.addLast(g);
            inWindow += units;
            return new Decision(g, 0);
        }
        // Walk the oldest grants until enough would have left the window.
        long needToFree = inWindow + units - limit;
        long freed = 0;
        long waitNanos = windowNanos;
        for (Grant g : grants) {
            freed += g.units;
            waitNanos = g.at + windowNanos - now;
            if (freed >= needToFree) {
                break;
            }
        }
        return new Decision(null, Math.max(1, waitNanos));
    }

    /** Gives a grant back (nothing was sent after all). */
    synchronized void release(Grant grant) {
        for (Iterator<Grant> it = grants.iterator(); it.hasNext();) {
            if (it.next() == grant) {
                it.remove();
                inWindow -= grant.units;
                return;
            }
        }
    }

    /** Units granted in the current window. */
    synchronized long inWindow() {
        expire(nanoTime.getAsLong());
        return inWindow;
    }

    private void expire(long now) {
        while (!grants.isEmpty() && now - grants.peekFirst().at >= windowNanos) {
            inWindow -= grants.pollFirst().units;
        }
    }

    /** Units taken at a time. */
    static final class Grant {
        private final long at;
        private final int units;

        private Grant(long at, int units) {
            this.at = at;
            this.units = units;
        }
    }

    /** Either a grant, or how long to wait before asking again. */
    record Decision(Grant grant, long retryAfterNanos) {
        boolean granted() {
            return grant != null;
        }

        /** Whole seconds for a {@code Retry-After} header, never 0. */
        long retryAfterSeconds() {
            return Math.max(1, (retryAfterNanos + 999_999_999L) / 1_000_000_000L);
        }
    }
}
