package africa.easymo.perf.evidence.stats;

import java.util.Map;
import java.util.NavigableMap;

/**
 * An immutable distribution of elapsed times (value in ms → number of samples), with exact order statistics.
 *
 * <p>
 * Percentiles use the nearest-rank definition: p(q) is the smallest recorded value v such that at least ⌈q/100 · n⌉
 * samples are ≤ v. It is always a value that occurred, so a JTL sorted by elapsed gives the same number (the tests
 * compare them).
 */
public final class LatencyDistribution {

    private static final LatencyDistribution EMPTY = new LatencyDistribution(new long[0], new long[0], 0, 0);

    private final long[] values;
    private final long[] cumulative;
    private final long count;
    private final double sum;

    private LatencyDistribution(long[] values, long[] cumulative, long count, double sum) {
        this.values = values;
        this.cumulative = cumulative;
        this.count = count;
        this.sum = sum;
    }

    /** From ascending value → count pairs. */
    static LatencyDistribution of(NavigableMap<Long, Long> counts) {
        if (counts.isEmpty()) {
            return EMPTY;
        }
        long[] values = new long[counts.size()];
        long[] cumulative = new long[counts.size()];
        long running = 0;
        double sum = 0;
        int i = 0;
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            running += e.getValue();
            sum += (double) e.getKey() * e.getValue();
            values[i] = e.getKey();
            cumulative[i] = running;
            i++;
        }
        return new LatencyDistribution(values, cumulative, running, sum);
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Arithmetic mean in ms; NaN when empty. */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    public long min() {
        requireSamples();
        return values[0];
    }

    public long max() {
        requireSamples();
        return values[values.length - 1];
    }

    public long median() {
        return percentile(50);
    }

    /**
     * Nearest-rank percentile.
     *
     * @param q
     *            in (0, 100]
     */
    public long percentile(double q) {
        if (!(q > 0 && q <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + q);
        }
        requireSamples();
        // q·n/100 computed in that order stays exact for whole q; the epsilon absorbs the rest of floating point.
        long rank = (long) Math.ceil(q * count / 100.0 - 1e-9);
        rank = Math.max(1, Math.min(count, rank));
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] >= rank) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return values[lo];
    }

    /**
     * The samples this distribution holds that {@code earlier} did not: for two snapshots of one growing histogram, the
     * samples recorded between them (each value's count only grows, so no count goes negative).
     */
    public LatencyDistribution minus(LatencyDistribution earlier) {
        if (earlier == null || earlier.count == 0) {
            return this;
        }
        java.util.TreeMap<Long, Long> counts = new java.util.TreeMap<>();
        int j = 0;
        for (int i = 0; i < values.length; i++) {
            long c = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
            while (j < earlier.values.length && earlier.values[j] < values[i]) {
                j++;
            }
            if (j < earlier.values.length && earlier.values[j] == values[i]) {
                c -= earlier.cumulative[j] - (j == 0 ? 0 : earlier.cumulative[j - 1]);
            }
            if (c > 0) {
                counts.put(values[i], c);
            }
        }
        return of(counts);
    }

    private void requireSamples() {
        if (count == 0) {
            throw new IllegalStateException("no samples");
        }
    }
}
