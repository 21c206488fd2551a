package africa.easymo.perf.evidence.distributed;

import africa.easymo.perf.evidence.stats.SampleObservation;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One engine's report of one second: the samples it finished (their figures, and their JTL rows, redacted on the
 * engine), and its counter totals so far.
 */
public record EngineBatch(List<SampleObservation> observations, String jtlRows, Map<String, Long> counters)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
