package africa.easymo.perf.evidence;

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
 * @param failures
 *            every reason the run failed, one line each: what {@code RunOutcome} recorded (a scenario's failed
 *            reconciliation, a sampler's fatal answer, an abort) and the failed thresholds
 */
public record RunReport(String plan, String planFile, String profile, Map<String, String> target, String seedVersion,
        String seedSummaryFile, Instant start, Instant end, String abortReason, List<ThresholdVerdict> thresholds,
        List<LabelSnapshot> labels, LabelSnapshot total, Map<String, Object> reconciliation, Map<String, Long> counters,
        MetricsSummary metrics, Map<String, Path> files, List<String> problems, List<String> failures) {

    public boolean thresholdsPassed() {
        return thresholds.stream().allMatch(ThresholdVerdict::passed);
    }

    public long failedThresholds() {
        return thresholds.stream().filter(v -> !v.passed()).count();
    }

    /**
     * {@code aborted} (an abort rule or a scenario stopped the run), {@code failed} (a threshold or anything else that
     * failed the run: the summary never says passed about a run whose exit code says failed) or {@code passed}.
     */
    public String status() {
        if (abortReason != null) {
            return "aborted";
        }
        return thresholdsPassed() && failures.isEmpty() ? "passed" : "failed";
    }

    public double durationSeconds() {
        return Math.max(0.001, (end.toEpochMilli() - start.toEpochMilli()) / 1000.0);
    }
}
