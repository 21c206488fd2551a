package africa.easymo.perf.evidence.rules;

import java.util.Locale;

/**
 * One threshold's outcome.
 *
 * @param observed
 *            the figure in the metric's unit; NaN when there was nothing to observe (see {@code note})
 * @param note
 *            why there is no figure, or empty
 */
public record ThresholdVerdict(Threshold threshold, double observed, boolean passed, String note) {

    /** e.g. {@code PASS  redeem: p(95)<500ms  observed 212ms}. */
    public String line() {
        return (passed ? "PASS  " : "FAIL  ") + threshold.describe() + "  observed "
                + (Double.isNaN(observed) ? "n/a" : format(observed) + threshold.metric().unit())
                + (note.isEmpty() ? "" : " (" + note + ")");
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
