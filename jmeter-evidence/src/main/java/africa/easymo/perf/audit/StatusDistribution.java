package africa.easymo.perf.audit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Per label, how many exchanges ended with each HTTP status ({@code "error"} when no HTTP answer came back). */
final class StatusDistribution {
    static final String NO_ANSWER = "error";

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, LongAdder>> counts = new ConcurrentHashMap<>();

    void record(String label, Integer status) {
        counts.computeIfAbsent(label == null ? "" : label, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(status == null ? NO_ANSWER : status.toString(), s -> new LongAdder()).increment();
    }

    /** label → status → count, sorted, plain values (JSON-able). */
    Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counts.forEach((label, byStatus) -> {
            Map<String, Long> m = new TreeMap<>();
            byStatus.forEach((s, n) -> m.put(s, n.sum()));
            out.put(label, m);
        });
        return out;
    }
}
