package africa.easymo.perf.evidence.rules;

import africa.easymo.perf.evidence.stats.LabelSnapshot;
import africa.easymo.perf.evidence.stats.StatsView;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Checks thresholds against a run's figures. */
public final class ThresholdEvaluator {

    /** The note of a threshold on a counter no scenario of the run registered (usually a typo). */
    public static final String NO_SUCH_COUNTER = "no such counter: ";

    private ThresholdEvaluator() {
    }

    /**
     * A threshold on a label that saw no samples fails: a gate that passes because its journey never ran would hide a
     * broken plan.
     */
    public static List<ThresholdVerdict> evaluate(List<Threshold> thresholds, StatsView stats) {
        return evaluate(thresholds, stats, Baseline.NONE);
    }

    /** As above; thresholds written against a previous run take their limits from {@code baseline}. */
    public static List<ThresholdVerdict> evaluate(List<Threshold> thresholds, StatsView stats, Baseline baseline) {
        List<ThresholdVerdict> verdicts = new ArrayList<>(thresholds.size());
        for (Threshold t : thresholds) {
            verdicts.add(t.baseline() == null ? evaluate(t, stats) : againstBaseline(t, stats, baseline));
        }
        return verdicts;
    }

    private static ThresholdVerdict againstBaseline(Threshold t, StatsView stats, Baseline baseline) {
        java.util.OptionalDouble base = baseline.value(t);
        if (base.isEmpty()) {
            return new ThresholdVerdict(t, Double.NaN, false,
                    "the baseline (" + baseline.source() + ") has no " + t.subject());
        }
        double limit = t.baseline().limit(base.getAsDouble());
        Threshold absolute = new Threshold(t.selector(), t.metric(), t.op(), limit, t.source());
        ThresholdVerdict v = evaluate(absolute, stats);
        String note = "baseline " + Metric.trim(Math.round(base.getAsDouble() * 1000) / 1000.0) + t.metric().unit()
                + ", limit " + Metric.trim(Math.round(limit * 1000) / 1000.0) + t.metric().unit();
        return new ThresholdVerdict(t, v.observed(), v.passed(), v.note().isEmpty() ? note : v.note() + "; " + note);
    }

    static ThresholdVerdict evaluate(Threshold t, StatsView stats) {
        Metric m = t.metric();
        if (m.kind() == Metric.Kind.COUNTER) {
            OptionalLong v = stats.counter(m.counterName());
            if (v.isEmpty()) {
                return new ThresholdVerdict(t, Double.NaN, false, NO_SUCH_COUNTER + m.counterName());
            }
            double observed = v.getAsLong();
            return new ThresholdVerdict(t, observed, t.op().test(observed, t.limit()), "");
        }
        LabelSnapshot s = stats.select(t.selector());
        double observed = m.observe(s);
        if (Double.isNaN(observed)) {
            return new ThresholdVerdict(t, observed, false,
                    "no samples " + (t.selector().isAll() ? "at all" : "labelled '" + t.selector().text() + "'"));
        }
        return new ThresholdVerdict(t, observed, t.op().test(observed, t.limit()), "");
    }
}
