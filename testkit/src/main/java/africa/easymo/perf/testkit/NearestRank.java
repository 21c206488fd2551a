package africa.easymo.perf.testkit;

/** The reference percentile tests compare against: nearest rank straight from sorted values, what a JTL gives. */
public final class NearestRank {
    private NearestRank() {
    }

    /** The {@code q}-th percentile (0 < q <= 100) of ascending {@code sorted} values. */
    public static long of(long[] sorted, double q) {
        int rank = (int) Math.ceil(q / 100.0 * sorted.length - 1e-9);
        return sorted[Math.max(1, rank) - 1];
    }
}
