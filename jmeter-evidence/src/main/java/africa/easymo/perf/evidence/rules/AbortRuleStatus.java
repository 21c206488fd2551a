package africa.easymo.perf.evidence.rules;

/**
 * One abort rule's figure at one moment, for a live view.
 *
 * @param value
 *            the rule's figure over its window (or the counter's total); NaN when there is nothing to read yet
 * @param samples
 *            samples in the window; -1 for a counter rule
 * @param windowSeconds
 *            the seconds of history read at each check; 0 for a counter rule
 * @param breaching
 *            whether the figure breaches the limit now (with enough samples)
 * @param fired
 *            whether this rule stopped the run
 */
public record AbortRuleStatus(String rule, String metric, String unit, double limit, double value, long samples,
        int minSamples, long windowSeconds, boolean breaching, boolean fired) {
}
