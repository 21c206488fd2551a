package africa.easymo.perf.evidence.rules;

/**
 * A live stop condition, e.g. {@code abort if 5xx>5% over 60s}: the run is stopped gracefully as soon as it holds.
 *
 * <ul>
 * <li>{@link Mode#OVER}: the figure over the trailing window breaches, once the window holds at least
 * {@code minSamples} samples — fast, for error budgets.</li>
 * <li>{@link Mode#FOR}: the figure over the trailing {@value #SUSTAIN_PROBE_SECONDS} s breaches at every once-a-second
 * check for the whole window — sustained, for latency. A check with fewer than {@code minSamples} samples neither
 * starts nor breaks the streak (a server that answers nothing is not getting better).</li>
 * <li>{@link Mode#NOW}: counters, checked once a second against their run total.</li>
 * </ul>
 */
public record AbortRule(LabelSelector selector, Metric metric, Comparison op, double limit, Mode mode,
        long windowSeconds, int minSamples, String source) {

    /** How the rule's window is read. */
    public enum Mode {
        OVER, FOR, NOW
    }

    public static final int DEFAULT_MIN_SAMPLES = 10;
    public static final int SUSTAIN_PROBE_SECONDS = 10;

    /** Seconds of history the rule reads at each check. */
    public long probeSeconds() {
        return switch (mode) {
        case OVER -> windowSeconds;
        case FOR -> Math.min(windowSeconds, SUSTAIN_PROBE_SECONDS);
        case NOW -> 0;
        };
    }

    public String describe() {
        String head = metric.kind() == Metric.Kind.COUNTER || selector.isAll() ? "" : selector.text() + ": ";
        String tail = switch (mode) {
        case OVER -> " over " + windowSeconds + "s";
        case FOR -> " for " + windowSeconds + "s";
        case NOW -> "";
        };
        return head + "abort if " + metric + op.symbol() + Metric.trim(limit) + metric.unit() + tail;
    }

    @Override
    public String toString() {
        return describe();
    }
}
