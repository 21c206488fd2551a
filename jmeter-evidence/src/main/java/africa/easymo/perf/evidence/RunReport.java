package africa.easymo.perf.evidence;

import africa.easymo.perf.run.RunVerdict;

import africa.easymo.perf.evidence.metrics.MetricsSummary;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;
import africa.easymo.perf.evidence.stats.LabelSnapshot;

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
 *            null when the plan collects no metrics
 * @param files
 *            evidence file kind → path
 * @param problems
 *            evidence that could not be produced, each one line
 * @param failures
 *            every reason the run failed, one line each: what {@code RunOutcome} recorded (a scenario's failed
 *            reconciliation, a sampler's fatal answer, an abort) and the failed thresholds
 * @param verdict
 *            how the run ended, thresholds included
 * @param stoppedEarly
 *            how far a run stopped before its schedule ended got, or null
 * @param engines
 *            each engine's share of a distributed run; empty for a run on one engine
 */
public record RunReport(String plan, String planFile, String profile, Map<String, String> target, String seedVersion,
        String seedSummaryFile, Instant start, Instant end, String abortReason, List<ThresholdVerdict> thresholds,
        List<LabelSnapshot> labels, LabelSnapshot total, Map<String, Object> reconciliation, Map<String, Long> counters,
        MetricsSummary metrics, Map<String, Path> files, List<String> problems, List<String> failures,
        RunVerdict verdict, String stoppedEarly, List<EngineBreakdown> engines) {

    public boolean thresholdsPassed() {
        return thresholds.stream().allMatch(ThresholdVerdict::passed);
    }

    public long failedThresholds() {
        return thresholds.stream().filter(v -> !v.passed()).count();
    }

    /**
     * The verdict's word ({@code passed}, {@code failed}, {@code aborted}, {@code refused}, {@code stopped},
     * {@code interrupted}): the summary never says passed about a run whose exit code says otherwise.
     */
    public String status() {
        return verdict.word();
    }

    public double durationSeconds() {
        return Math.max(0.001, (end.toEpochMilli() - start.toEpochMilli()) / 1000.0);
    }
}
