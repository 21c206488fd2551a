package africa.easymo.perf.evidence.metrics;

/**
 * One probe target's figures over the run so far: good probes, failed ones, and latencies in milliseconds (NaN before
 * the first good probe).
 */
public record ProbeStats(long probes, long errors, double p50Ms, double p95Ms, double maxMs, double lastMs) {
}
