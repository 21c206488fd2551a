package africa.easymo.perf.arrivals;

/**
 * One stage of an arrival schedule: for {@code nanos}, arrivals at a rate going linearly from {@code startPerSecond} to
 * {@code endPerSecond}, spaced evenly or as a Poisson process; a pause has no arrivals.
 */
public record ArrivalStage(long nanos, double startPerSecond, double endPerSecond, Spacing spacing) {

    /** How arrivals are spread within a stage. */
    public enum Spacing {
        /** Exactly 1/rate apart. */
        EVEN,
        /** Exponentially distributed gaps (a Poisson process of the stage's rate). */
        POISSON,
        /** No arrivals. */
        PAUSE
    }

    public ArrivalStage {
        if (nanos < 0) {
            throw new IllegalArgumentException("stage duration must not be negative");
        }
        if (!(startPerSecond >= 0) || !(endPerSecond >= 0)) {
            throw new IllegalArgumentException("rates must be zero or more");
        }
    }

    /** Expected number of arrivals in the stage: the area under the rate. */
    public double arrivals() {
        return spacing == Spacing.PAUSE ? 0 : (startPerSecond + endPerSecond) / 2 * seconds();
    }

    double seconds() {
        return nanos / 1e9;
    }

    /**
     * Seconds into the stage at which {@code n} arrivals are due (0 ≤ n ≤ {@link #arrivals()}): inverts n = a·t +
     * (b−a)·t²/(2d) in the form that stays exact when the rate barely changes.
     */
    double secondsAt(double n) {
        if (n <= 0) {
            return 0;
        }
        double a = startPerSecond;
        double slope = (endPerSecond - startPerSecond) / seconds();
        double root = Math.sqrt(Math.max(0, a * a + 2 * slope * n));
        double denominator = a + root;
        if (denominator <= 0) {
            return seconds();
        }
        return Math.min(seconds(), 2 * n / denominator);
    }
}
