package africa.easymo.perf.evidence.metrics;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a metrics collector gathered: per column min/avg/max over the scrapes that had the figure.
 *
 * @param section
 *            the run summary's section name for it
 * @param columns
 *            column → {min, avg, max}, in the source's column order; columns never observed are absent
 * @param lastError
 *            why the last failed scrape failed, or null
 * @param probe
 *            the latency probe's whole-run figures, or null when the collector had none
 */
public record MetricsSummary(String section, String url, Path csv, int attempted, int succeeded, String lastError,
        Map<String, double[]> columns, ProbeFigures probe) {

    public MetricsSummary {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    static MetricsSummary of(String section, String url, Path csv, int attempted, int succeeded, String lastError,
            List<String> names, List<double[]> rows, ProbeFigures probe) {
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (int c = 0; c < names.size(); c++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int n = 0;
            for (double[] r : rows) {
                double v = r[c];
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    sum += v;
                    n++;
                }
            }
            if (n > 0) {
                columns.put(names.get(c), new double[] { min, sum / n, max });
            }
        }
        return new MetricsSummary(section, url, csv, attempted, succeeded, lastError, columns, probe);
    }
}
