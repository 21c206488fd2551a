package africa.easymo.perf.evidence.rules;

/**
 * A pass condition checked at the end of the run, e.g. {@code redeem: p(95)<500}: the run passes this threshold when
 * the observed figure satisfies the comparison.
 *
 * @param limit
 *            in the metric's unit: ms for latency, percent for rates, a plain number for counts and counters
 * @param source
 *            the line it was written on, trimmed, to quote in messages
 */
public record Threshold(LabelSelector selector, Metric metric, Comparison op, double limit, String source) {

    /** Canonical form, e.g. {@code redeem: p(95)<500ms}. */
    public String describe() {
        String head = metric.kind() == Metric.Kind.COUNTER || selector.isAll() ? "" : selector.text() + ": ";
        return head + metric + op.symbol() + Metric.trim(limit) + metric.unit();
    }

    @Override
    public String toString() {
        return describe();
    }
}
