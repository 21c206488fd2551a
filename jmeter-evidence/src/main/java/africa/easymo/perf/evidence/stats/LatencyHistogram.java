package africa.easymo.perf.evidence.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exact distribution of elapsed times at JMeter's own resolution (1 ms), for the whole run.
 *
 * <p>
 * JMeter's dashboard computes percentiles over a 20,000-sample window; a release gate needs the figure a JTL gives.
 * Values below {@link #DIRECT_LIMIT_MS} land in 1 ms buckets allocated in segments on first use (a run whose samples
 * all take under 4 s costs one 32 KB segment); slower samples go to a counting map, still exact. Recording is
 * lock-free: listeners run in the sampler threads.
 */
public final class LatencyHistogram {

    /** 10 minutes: nothing an HTTP sampler with sane timeouts exceeds; beyond it the overflow map keeps exactness. */
    public static final int DIRECT_LIMIT_MS = 600_000;
    private static final int SEGMENT_BITS = 12;
    private static final int SEGMENT_SIZE = 1 << SEGMENT_BITS;
    private static final int SEGMENTS = (DIRECT_LIMIT_MS + SEGMENT_SIZE - 1) / SEGMENT_SIZE;

    private final AtomicReferenceArray<AtomicLongArray> segments = new AtomicReferenceArray<>(SEGMENTS);
    private final ConcurrentHashMap<Long, LongAdder> overflow = new ConcurrentHashMap<>();

    /** Records one elapsed time; negative values (clock steps) count as 0 ms. */
    public void record(long elapsedMs) {
        long v = Math.max(0, elapsedMs);
        if (v >= DIRECT_LIMIT_MS) {
            overflow.computeIfAbsent(v, k -> new LongAdder()).increment();
            return;
        }
        int index = (int) v;
        segment(index >>> SEGMENT_BITS).incrementAndGet(index & (SEGMENT_SIZE - 1));
    }

    private AtomicLongArray segment(int s) {
        AtomicLongArray seg = segments.get(s);
        if (seg == null) {
            AtomicLongArray fresh = new AtomicLongArray(SEGMENT_SIZE);
            seg = segments.compareAndSet(s, null, fresh) ? fresh : segments.get(s);
        }
        return seg;
    }

    /**
     * A consistent copy to compute figures from. Taken while samples still arrive it reflects some prefix of them; at
     * test end it is exact.
     */
    public LatencyDistribution snapshot() {
        TreeMap<Long, Long> counts = new TreeMap<>();
        for (int s = 0; s < SEGMENTS; s++) {
            AtomicLongArray seg = segments.get(s);
            if (seg == null) {
                continue;
            }
            long base = (long) s << SEGMENT_BITS;
            for (int i = 0; i < SEGMENT_SIZE; i++) {
                long c = seg.get(i);
                if (c != 0) {
                    counts.put(base + i, c);
                }
            }
        }
        for (Map.Entry<Long, LongAdder> e : overflow.entrySet()) {
            counts.merge(e.getKey(), e.getValue().sum(), Long::sum);
        }
        return LatencyDistribution.of(counts);
    }
}
