package africa.easymo.perf.journeys.preview;

import africa.easymo.perf.journeys.setup.EasymoRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End of run: the preview evidence, and a failed run if any document was invalid (a broken renderer is a defect, not
 * load noise) or if an accepted preview's documents were not all checked.
 */
final class PreviewReconciliation {
    // The evidence line keeps the run's logger: jmeter.log readers and log filters know it by that name.
    private static final Logger log = LoggerFactory.getLogger(PreviewRun.class);

    private PreviewReconciliation() {
    }

    static void reconcile(PreviewRun run, EasymoRun ctx) {
        Map<String, Object> ev = evidence(run);
        ctx.evidence().put(PreviewRun.EVIDENCE, ev);
        log.info("easymo-perf: {} {}", PreviewRun.EVIDENCE, ev);
        if (!Boolean.TRUE.equals(ev.get("passed"))) {
            ctx.outcome().fail(PreviewRun.EVIDENCE + ": " + ev.get("problems"));
        }
    }

    static Map<String, Object> evidence(PreviewRun run) {
        long acc = run.accepted.sum();
        long valid = run.documentsValidated.sum();
        long invalid = run.documentsInvalid.sum();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("previewsSent", run.sent.sum());
        ev.put("previewsAccepted", acc);
        ev.put("previewsFailed", run.failed.sum());
        ev.put("degraded", run.degraded.sum());
        ev.put("documentsExpected", 2 * acc);
        ev.put("documentsValidated", valid);
        ev.put("documentsInvalid", invalid);
        Map<String, Long> byCheck = run.invalidByCheck();
        ev.put("invalidByCheck", byCheck);
        boolean everyChecked = valid + invalid == 2 * acc;
        ev.put("everyPreviewValidated", everyChecked);
        long measured = run.validationCpuMeasured.sum();
        if (measured > 0) {
            ev.put("validationCpuMillisPerPreview",
                    Math.round(run.validationCpuNanos.sum() / (double) measured / 1e4) / 100.0);
        }
        List<String> problems = new ArrayList<>();
        if (invalid > 0) {
            problems.add(invalid + " invalid preview document(s): " + byCheck);
        }
        if (!everyChecked) {
            problems.add((valid + invalid) + " documents checked for " + acc + " accepted previews (expected " + 2 * acc
                    + ")");
        }
        ev.put("passed", problems.isEmpty());
        ev.put("problems", problems);
        return ev;
    }
}
