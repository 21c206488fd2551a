package africa.easymo.perf.plugin.evidence;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the end-of-run summary says, gathered before it is written.
 *
 * @param target
 *            endpoint name → URL, never a secret
 * @param reconciliation
 *            section → JSON-able value, from the scenarios' end-of-test reconciliations
 * @param counters
 *            the scenarios' run counters, by name
 * @param metrics
 *            null when the plan collects no Supabase metrics
 * @param files
 *            evidence file kind → path
 * @param problems
 *            evidence that could not be produced, each one line
 */
public record RunReport(String plan, String planFile, String profile, Map<String, String> target,
        String seedVersion, String seedSummaryFile, Instant start, Instant end, String abortReason,
        List<ThresholdVerdict> thresholds, List<LabelSnapshot> labels, LabelSnapshot total,
        Map<String, Object> reconciliation, Map<String, Long> counters, MetricsSummary metrics, Map<String, Path> files, List<String> problems) {

    public boolean thresholdsPassed() {
        return thresholds.stream().allMatch(ThresholdVerdict::passed);
    }

    public long failedThresholds() {
        return thresholds.stream().filter(v -> !v.passed()).count();
    }

    /** {@code passed}, {@code failed} (a threshold failed) or {@code aborted} (an abort rule stopped the run). */
    public String status() {
        if (abortReason != null) {
            return "aborted";
        }
        return thresholdsPassed() ? "passed" : "failed";
    }

    public double durationSeconds() {
        return Math.max(0.001, (end.toEpochMilli() - start.toEpochMilli()) / 1000.0);
    }
}
