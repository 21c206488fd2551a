package africa.easymo.perf.evidence;

import africa.easymo.perf.evidence.rules.AbortMonitor;
import africa.easymo.perf.evidence.rules.AbortRule;
import africa.easymo.perf.evidence.rules.AbortRuleStatus;
import africa.easymo.perf.evidence.rules.LabelSelector;
import africa.easymo.perf.evidence.rules.Metric;
import africa.easymo.perf.evidence.rules.SloRules;
import africa.easymo.perf.evidence.rules.Threshold;
import africa.easymo.perf.evidence.rules.ThresholdEvaluator;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;
import africa.easymo.perf.evidence.stats.RunStats;
import africa.easymo.perf.evidence.stats.SampleObservation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The judge of one run: every sample's figures (exact, per label), the abort rules watched while it runs, and the
 * thresholds at the end. The same judge serves a run on one engine and the merged run of a distributed test, where the
 * controller feeds it every engine's samples.
 */
public final class RunJudge {
    private final SloRules rules;
    private final RunStats stats;
    private final AbortMonitor monitor;
    private final Function<String, OptionalLong> counters;

    /**
     * @param counters
     *            the run's counter totals, for {@code counter(...)} thresholds and rules
     * @param onAbort
     *            called once with the rule and the figure when an abort rule fires
     */
    public RunJudge(SloRules rules, Function<String, OptionalLong> counters, Consumer<String> onAbort) {
        this.rules = rules;
        this.counters = counters;
        List<LabelSelector> selectors = rules.thresholds().stream().map(Threshold::selector)
                .collect(Collectors.toList());
        this.stats = new RunStats(selectors, counters);
        this.monitor = new AbortMonitor(rules.abortRules(), counters, onAbort);
    }

    /** Sampler (or controller) thread: one JTL row's worth of figures. */
    public void record(SampleObservation o) {
        stats.record(o);
        monitor.record(o);
    }

    /** Starts watching the abort rules (once a second, on a daemon thread). */
    public void start() {
        monitor.start();
    }

    /** Stops watching; returns the reason of the rule that fired, or null. */
    public String stop() {
        monitor.close();
        return monitor.firedReason();
    }

    public String abortReason() {
        return monitor.firedReason();
    }

    /** Every abort rule's figure now, read-only (any thread). */
    public List<AbortRuleStatus> abortStatus(long nowMs) {
        return monitor.status(nowMs);
    }

    public RunStats stats() {
        return stats;
    }

    public SloRules rules() {
        return rules;
    }

    private volatile africa.easymo.perf.evidence.rules.Baseline baseline = africa.easymo.perf.evidence.rules.Baseline.NONE;

    /** The previous run that {@code baseline} limits refer to. */
    public void baseline(africa.easymo.perf.evidence.rules.Baseline b) {
        baseline = b;
    }

    public africa.easymo.perf.evidence.rules.Baseline baseline() {
        return baseline;
    }

    /** True when a threshold's limit is written against a previous run. */
    public boolean needsBaseline() {
        return rules.thresholds().stream().anyMatch(t -> t.baseline() != null);
    }

    /** Every threshold against the figures now (exact at the end of the run). */
    public List<ThresholdVerdict> verdicts() {
        return ThresholdEvaluator.evaluate(rules.thresholds(), stats, baseline);
    }

    /** Counter abort rules whose counter no element of the run registered: a typo, never a clean zero. */
    public List<String> uncheckableRules() {
        List<String> out = new ArrayList<>();
        for (AbortRule r : rules.abortRules()) {
            if (r.metric().kind() == Metric.Kind.COUNTER && counters.apply(r.metric().counterName()).isEmpty()) {
                out.add("abort rule '" + r.describe() + "' never checked: " + ThresholdEvaluator.NO_SUCH_COUNTER
                        + r.metric().counterName());
            }
        }
        return out;
    }

    /** The one-line failure of the thresholds that failed, or null when all passed. */
    public static String thresholdFailure(List<ThresholdVerdict> verdicts) {
        long failed = verdicts.stream().filter(v -> !v.passed()).count();
        if (failed == 0) {
            return null;
        }
        return failed + " of " + verdicts.size() + " thresholds failed: " + verdicts.stream().filter(v -> !v.passed())
                .map(ThresholdVerdict::line).map(String::trim).collect(Collectors.joining("; "));
    }
}
