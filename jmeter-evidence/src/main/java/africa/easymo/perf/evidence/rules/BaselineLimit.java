package africa.easymo.perf.evidence.rules;

/**
 * A threshold limit relative to a previous run, e.g. {@code baseline * 1.2} or {@code baseline + 0.5%}: the limit is
 * the baseline run's figure for the same label and metric, scaled or offset.
 *
 * @param operand
 *            the factor ({@link Op#TIMES}) or, in the metric's unit, the offset ({@link Op#PLUS})
 */
public record BaselineLimit(Op op, double operand) {
    /** How the baseline figure becomes the limit. */
    public enum Op {
        TIMES, PLUS
    }

    public double limit(double baseline) {
        return op == Op.TIMES ? baseline * operand : baseline + operand;
    }

    /** As written, in canonical form: {@code baseline*1.2}, {@code baseline+0.5%}. */
    public String describe(String unit) {
        return op == Op.TIMES ? "baseline*" + Metric.trim(operand) : "baseline+" + Metric.trim(operand) + unit;
    }
}
