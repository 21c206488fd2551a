package africa.easymo.perf.run;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named run-wide counters (e.g. {@code redeem.double_spend_accepted}), incremented by any thread without contention.
 * Look a counter up once and keep the {@link LongAdder}; the lookup is a map access.
 */
public final class RunCounters {
    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

    /** The counter of that name, created at zero on first use. */
    public LongAdder counter(String name) {
        return counters.computeIfAbsent(name, n -> new LongAdder());
    }

    public void increment(String name) {
        counter(name).increment();
    }

    /** Zero for a counter never touched. */
    public long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** A sorted point-in-time copy of every counter. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counters.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
