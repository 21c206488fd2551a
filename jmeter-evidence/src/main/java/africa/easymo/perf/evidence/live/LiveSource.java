package africa.easymo.perf.evidence.live;

import africa.easymo.perf.evidence.metrics.MetricsLatest;
import africa.easymo.perf.evidence.rules.AbortRuleStatus;
import africa.easymo.perf.evidence.rules.ThresholdVerdict;
import africa.easymo.perf.evidence.stats.LabelSnapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the live dashboard reads once a second, on its own thread: never on the sample path. Everything it returns is a
 * copy taken at the call.
 */
public interface LiveSource {

    /** Each label's whole-run figures so far. */
    List<LabelSnapshot> labels();

    /** The run total so far. */
    LabelSnapshot total();

    /** Every threshold against the figures now. */
    List<ThresholdVerdict> thresholds();

    /** Every abort rule's window figure now. */
    List<AbortRuleStatus> abortRules(long nowMs);

    /** The run's counters, by name. */
    Map<String, Long> counters();

    /** Threads running now. */
    int activeThreads();

    /** The metrics collector's latest scrape; empty when the plan has none. */
    Optional<MetricsLatest> metrics();

    /** The engines of a distributed run, in shard order; empty for a run on one JVM. */
    default List<LiveEngine> engines() {
        return List.of();
    }
}
