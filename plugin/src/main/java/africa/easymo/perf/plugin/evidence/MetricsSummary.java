package africa.easymo.perf.plugin.evidence;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the metrics collector gathered: per column min/avg/max over the scrapes that had the figure.
 *
 * @param columns
 *            column → {min, avg, max}; columns never observed are absent
 * @param lastError
 *            why the last failed scrape failed, or null
 */
public record MetricsSummary(String url, Path csv, int attempted, int succeeded, String lastError,
        Map<String, double[]> columns) {

    public MetricsSummary {
        columns = Map.copyOf(columns);
    }

    static MetricsSummary of(String url, Path csv, int attempted, int succeeded, String lastError,
            List<SupabaseMetricsRow> rows) {
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (int c = 0; c < SupabaseMetricsRow.COLUMNS.size(); c++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int n = 0;
            for (SupabaseMetricsRow r : rows) {
                double v = r.values()[c];
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    sum += v;
                    n++;
                }
            }
            if (n > 0) {
                columns.put(SupabaseMetricsRow.COLUMNS.get(c), new double[] { min, sum / n, max });
            }
        }
        return new MetricsSummary(url, csv, attempted, succeeded, lastError, columns);
    }
}
