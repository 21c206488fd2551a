package africa.easymo.perf.evidence.stats;

import africa.easymo.perf.evidence.rules.StatusCodeSet;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figures of one label at one moment.
 *
 * @param statusCodes
 *            response code → samples, ascending by code
 */
public record LabelSnapshot(String label, LatencyDistribution latency, long errors, Map<String, Long> statusCodes,
        long firstStartMs, long lastEndMs) {

    public LabelSnapshot {
        statusCodes = Collections.unmodifiableMap(new TreeMap<>(statusCodes));
    }

    public long count() {
        return latency.count();
    }

    /** Failed samples as a percentage of all; NaN without samples. */
    public double errorPercent() {
        return count() == 0 ? Double.NaN : 100.0 * errors / count();
    }

    /** Samples whose response code is in {@code codes}, as a percentage of all; NaN without samples. */
    public double statusPercent(StatusCodeSet codes) {
        if (count() == 0) {
            return Double.NaN;
        }
        long hits = 0;
        for (Map.Entry<String, Long> e : statusCodes.entrySet()) {
            if (codes.contains(e.getKey())) {
                hits += e.getValue();
            }
        }
        return 100.0 * hits / count();
    }
}
