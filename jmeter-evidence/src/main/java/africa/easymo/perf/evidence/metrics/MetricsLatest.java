package africa.easymo.perf.evidence.metrics;

import java.util.List;

/**
 * What a metrics collector has gathered so far, for a live view.
 *
 * @param url
 *            redacted
 * @param atMs
 *            when the last good scrape was taken; 0 before the first
 * @param values
 *            the last good scrape's row, in {@code columns} order (NaN where it had no figure); null before the first
 * @param lastError
 *            why the last failed scrape failed (redacted), or null
 * @param probe
 *            the latency probe's figures so far, or null when the collector has none
 */
public record MetricsLatest(String source, String url, List<String> columns, long atMs, double[] values, int attempted,
        int succeeded, String lastError, ProbeFigures probe) {
}
