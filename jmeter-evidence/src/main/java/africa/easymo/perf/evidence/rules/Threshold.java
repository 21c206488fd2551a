package africa.easymo.perf.evidence.rules;

/**
 * A pass condition checked at the end of the run, e.g. {@code redeem: p(95)<500}: the run passes this threshold when
 * the observed figure satisfies the comparison.
 *
 * @param limit
 *            in the metric's unit: ms for latency, percent for rates, a plain number for counts and counters
 * @param source
 *            the line it was written on, trimmed, to quote in messages
 * @param baseline
 *            null for an absolute limit; else the limit comes from a previous run ({@code limit} is then unused)
 */
public record Threshold(LabelSelector selector, Metric metric, Comparison op, double limit, String source,
        BaselineLimit baseline) {

    /** An absolute limit. */
    public Threshold(LabelSelector selector, Metric metric, Comparison op, double limit, String source) {
        this(selector, metric, op, limit, source, null);
    }

    /** Canonical form, e.g. {@code redeem: p(95)<500ms} or {@code redeem: p(95)<baseline*1.2}. */
    public String describe() {
        return head() + metric + op.symbol()
                + (baseline != null ? baseline.describe(metric.unit()) : Metric.trim(limit) + metric.unit());
    }

    /** The label and metric alone ({@code redeem: p(95)}): what a baseline run is searched for. */
    public String subject() {
        return head() + metric;
    }

    private String head() {
        return metric.kind() == Metric.Kind.COUNTER || selector.isAll() ? "" : selector.text() + ": ";
    }

    @Override
    public String toString() {
        return describe();
    }
}
