package africa.easymo.perf.evidence.metrics;

import java.util.Map;

/**
 * What a latency probe measured so far.
 *
 * @param key
 *            its key in the run summary's metrics section and in the live page, e.g. {@code tables}
 * @param targets
 *            target → figures, in probe order
 * @param lastError
 *            why the last failed probe failed (redacted), or null
 */
public record ProbeFigures(String key, long intervalSeconds, Map<String, ProbeStats> targets, String lastError) {
}
