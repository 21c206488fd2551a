package africa.easymo.perf.evidence.rules;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A small log-linear latency histogram for one second of one abort rule's window: exact below 64 ms, then 32 buckets
 * per power of two (within about 3 %). Abort rules need a quick, bounded figure, not the exact one the end-of-run
 * thresholds use; reading a bucket's lower bound means a latency rule never fires on rounding alone.
 */
final class WindowHistogram {

    private static final int LINEAR = 64;
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_MSB = 32;
    static final int BUCKETS = LINEAR + (MAX_MSB - SUB_BITS) * SUB + SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long ms) {
        counts.incrementAndGet(index(ms));
    }

    void addTo(long[] into) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += counts.get(i);
        }
    }

    static int index(long ms) {
        long v = Math.max(0, Math.min(ms, (1L << MAX_MSB) - 1));
        if (v < LINEAR) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - SUB_BITS;
        int sub = (int) (v >>> shift) & (SUB - 1);
        return LINEAR + (msb - (SUB_BITS + 1)) * SUB + sub;
    }

    static long lowerBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int k = index - LINEAR;
        int msb = k / SUB + SUB_BITS + 1;
        int sub = k % SUB;
        return ((long) (SUB + sub)) << (msb - SUB_BITS);
    }

    /** Nearest-rank percentile over summed bucket counts, as the lower bound of its bucket. */
    static long percentile(long[] counts, long total, double q) {
        long rank = Math.max(1, (long) Math.ceil(q * total / 100.0 - 1e-9));
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i];
            if (running >= rank) {
                return lowerBound(i);
            }
        }
        return lowerBound(counts.length - 1);
    }
}
