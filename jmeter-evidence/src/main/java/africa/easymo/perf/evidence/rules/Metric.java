package africa.easymo.perf.evidence.rules;

import africa.easymo.perf.evidence.stats.LabelSnapshot;
import africa.easymo.perf.evidence.stats.LatencyDistribution;

import java.util.Locale;

/** What a threshold or abort rule measures. */
public final class Metric {

    /** The kinds of figure the language knows. */
    public enum Kind {
        /** latency percentile, ms */
        PERCENTILE,
        /** mean latency, ms */
        AVG,
        /** smallest latency, ms */
        MIN,
        /** largest latency, ms */
        MAX,
        /** median latency, ms */
        MED,
        /** failed samples, % */
        ERRORS,
        /** samples with given status codes, % */
        STATUS_RATE,
        /** number of samples */
        COUNT,
        /** a counter of the run (EngineRun.counters()) */
        COUNTER
    }

    private final Kind kind;
    private final double percentile;
    private final StatusCodeSet codes;
    private final String counter;

    private Metric(Kind kind, double percentile, StatusCodeSet codes, String counter) {
        this.kind = kind;
        this.percentile = percentile;
        this.codes = codes;
        this.counter = counter;
    }

    public static Metric percentile(double q) {
        return new Metric(Kind.PERCENTILE, q, null, null);
    }

    public static Metric of(Kind kind) {
        if (kind == Kind.PERCENTILE || kind == Kind.STATUS_RATE || kind == Kind.COUNTER) {
            throw new IllegalArgumentException(kind + " needs an argument");
        }
        return new Metric(kind, 0, null, null);
    }

    public static Metric statusRate(StatusCodeSet codes) {
        return new Metric(Kind.STATUS_RATE, 0, codes, null);
    }

    public static Metric counter(String name) {
        return new Metric(Kind.COUNTER, 0, null, name);
    }

    public Kind kind() {
        return kind;
    }

    public double percentileRank() {
        return percentile;
    }

    public StatusCodeSet codes() {
        return codes;
    }

    public String counterName() {
        return counter;
    }

    /** Rates are percentages and their limits must be written with {@code %}. */
    public boolean isRate() {
        return kind == Kind.ERRORS || kind == Kind.STATUS_RATE;
    }

    /** Latency figures, in ms. */
    public boolean isLatency() {
        return switch (kind) {
        case PERCENTILE, AVG, MIN, MAX, MED -> true;
        default -> false;
        };
    }

    /** Needs the latency distribution rather than counts only. */
    boolean needsDistribution() {
        return kind == Kind.PERCENTILE || kind == Kind.MED;
    }

    /** The figure's unit for display: {@code ms}, {@code %} or empty. */
    public String unit() {
        return isLatency() ? "ms" : isRate() ? "%" : "";
    }

    /**
     * This metric of a label's figures; NaN when the label had no samples (counters are not read from labels).
     */
    public double observe(LabelSnapshot s) {
        if (kind == Kind.COUNT) {
            return s.count();
        }
        if (s.count() == 0) {
            return Double.NaN;
        }
        LatencyDistribution d = s.latency();
        return switch (kind) {
        case PERCENTILE -> d.percentile(percentile);
        case AVG -> d.mean();
        case MIN -> d.min();
        case MAX -> d.max();
        case MED -> d.median();
        case ERRORS -> s.errorPercent();
        case STATUS_RATE -> s.statusPercent(codes);
        default -> throw new IllegalStateException(kind + " is not a label figure");
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
        case PERCENTILE -> "p(" + trim(percentile) + ")";
        case STATUS_RATE -> "rate(" + codes + ")";
        case COUNTER -> "counter(" + counter + ")";
        default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
