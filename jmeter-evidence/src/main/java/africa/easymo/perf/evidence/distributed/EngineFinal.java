package africa.easymo.perf.evidence.distributed;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One engine's end of the run, after its reconciliations: how its own run ended, every reason it failed, its evidence
 * sections (as JSON, so any value the reconciliations put there travels), its facts, and the evidence files it wrote
 * (the audit log, the metrics CSV), which the controller keeps so the servers keep nothing.
 */
public record EngineFinal(String verdict, List<String> failures, String abortReason, String stoppedEarly,
        String sectionsJson, Map<String, Long> counters, Map<String, String> facts, Map<String, byte[]> files)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
