package africa.easymo.perf.evidence.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Whole-run figures for the samples of one label (or of a group of labels), recorded lock-free. */
public final class LabelStats {

    /** A runaway set of distinct non-HTTP response codes must not grow without bound. */
    static final int MAX_DISTINCT_CODES = 64;
    static final String OTHER_CODES = "other";

    private final String name;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LongAdder errors = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> codes = new ConcurrentHashMap<>();
    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);

    public LabelStats(String name) {
        this.name = name;
    }

    public void record(SampleObservation s) {
        latency.record(s.elapsedMs());
        if (!s.success()) {
            errors.increment();
        }
        String code = s.responseCode() == null || s.responseCode().isBlank() ? "none" : s.responseCode();
        LongAdder counter = codes.get(code);
        if (counter == null) {
            if (codes.size() >= MAX_DISTINCT_CODES) {
                code = OTHER_CODES;
            }
            counter = codes.computeIfAbsent(code, k -> new LongAdder());
        }
        counter.increment();
        firstStart.accumulateAndGet(s.startMs(), Math::min);
        lastEnd.accumulateAndGet(s.endMs(), Math::max);
    }

    public LabelSnapshot snapshot() {
        Map<String, Long> codeCounts = new TreeMap<>();
        codes.forEach((k, v) -> codeCounts.put(k, v.sum()));
        LatencyDistribution d = latency.snapshot();
        return new LabelSnapshot(name, d, errors.sum(), codeCounts,
                firstStart.get() == Long.MAX_VALUE ? 0 : firstStart.get(),
                lastEnd.get() == Long.MIN_VALUE ? 0 : lastEnd.get());
    }
}
